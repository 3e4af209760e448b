import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  CONTACT_DATE_FIELDS,
  CONTACT_FIELDS,
  normaliseContact,
  type ContactInput,
  type ContactRow,
} from '../../contacts/contact-fields';
import { ContactsRepository } from '../../contacts/contacts.repository';
import type { StagingColumn } from '../../core/database/bulk-loader';
import type { ColumnPlan, ImportSpec } from '../column-mapping';
import type { ImportContext, MappedRecord, RowImporter, WriteOutcome } from './row-importer';

export const EXTERNAL_ID_ALIASES = [
  'id',
  'identifiant',
  'id_client',
  'code_client',
  'numero_client',
  'num_client',
  'n_client',
  'no_client',
  'ref_client',
  'reference_client',
  'client_id',
  'customer_id',
  'client',
];

export const CONTACTS_SPEC: ImportSpec = {
  kind: 'contacts',
  required: ['external_id'],
  unknownColumnsAsAttributes: true,
  fields: {
    external_id: EXTERNAL_ID_ALIASES,
    type: ['type_de_client', 'type_client', 'type_de_contact', 'nature'],
    civility: ['civilite', 'titre', 'title', 'salutation'],
    first_name: ['prenom', 'firstname', 'given_name', 'prenoms'],
    last_name: ['nom', 'nom_de_famille', 'lastname', 'surname', 'family_name', 'name'],
    company_name: [
      'societe',
      'entreprise',
      'raison_sociale',
      'company',
      'organisation',
      'nom_entreprise',
      'nom_de_l_entreprise',
      'nom_societe',
    ],
    job_title: ['fonction', 'poste', 'titre_du_poste', 'job', 'position'],
    email: [
      'e_mail',
      'mail',
      'courriel',
      'adresse_e_mail',
      'adresse_mail',
      'adresse_email',
      'email_address',
      'adresse_electronique',
    ],
    phone: [
      'telephone',
      'tel',
      'portable',
      'mobile',
      'gsm',
      'numero_de_telephone',
      'phone_number',
      'telephone_mobile',
      'tel_portable',
      'num_tel',
    ],
    address_line1: [
      'adresse',
      'adresse_1',
      'adresse1',
      'address',
      'rue',
      'address1',
      'adresse_ligne_1',
      'address_line_1',
      'adresse_postale',
    ],
    address_line2: [
      'adresse_2',
      'adresse2',
      'complement_d_adresse',
      'complement_adresse',
      'address2',
      'adresse_ligne_2',
      'address_line_2',
      'complement',
    ],
    postal_code: ['code_postal', 'cp', 'zip', 'zip_code', 'postcode', 'postal'],
    city: ['ville', 'commune', 'localite', 'town'],
    region: ['province', 'state'],
    country: ['pays', 'country_code', 'code_pays'],
    birth_date: [
      'date_de_naissance',
      'naissance',
      'date_naissance',
      'birthday',
      'birthdate',
      'dob',
      'ne_le',
      'nee_le',
      'anniversaire',
    ],
    locale: ['langue', 'language', 'lang'],
    timezone: ['fuseau_horaire', 'fuseau', 'time_zone', 'tz'],
    loyalty_card_expires_on: [
      'expiration_carte',
      'expiration_carte_fidelite',
      'date_expiration_carte',
      'fin_carte_fidelite',
      'carte_fidelite_expire_le',
      'carte_expire_le',
    ],
    contract_renews_on: [
      'renouvellement_contrat',
      'date_renouvellement',
      'date_de_renouvellement',
      'echeance_contrat',
      'echeance',
      'date_renouvellement_contrat',
    ],
  },
};

/**
 * Contacts are upserted on external_id. Columns present in the file replace the stored values
 * (an empty cell clears, an empty `type` means person); columns absent from the file are left
 * alone; custom attributes are merged key by key. A row whose values are all equal to what is
 * stored is not touched, so importing the same file twice reports 0 inserted, 0 updated.
 */
@Injectable()
export class ContactsImporter implements RowImporter<ContactRow> {
  constructor(private readonly contacts: ContactsRepository) {}

  readonly spec = CONTACTS_SPEC;
  readonly keyField = 'external_id';
  readonly independentBatches = true;
  readonly fills = ['contacts'];

  keyOf(row: ContactRow): string {
    return row.external_id!;
  }

  validate(record: MappedRecord, context: ImportContext) {
    const input: ContactInput = record.fields;
    input.attributes = record.attributes;
    return normaliseContact(
      input,
      { defaultCountry: context.config.defaultCountry, today: context.today },
      { attributeNamesAreCanonical: true },
    );
  }

  stagingColumns(plan: ColumnPlan[]): StagingColumn[] {
    const present = new Set(plan.flatMap((column) => (column.target.kind === 'field' ? [column.target.field] : [])));
    return CONTACT_FIELDS.filter((field) => field === 'external_id' || present.has(field))
      .map((name): StagingColumn => ({ name, type: CONTACT_DATE_FIELDS.includes(name) ? 'date' : 'text' }))
      .concat({ name: 'attributes', type: 'jsonb' });
  }

  stagingValues(row: ContactRow, columns: StagingColumn[]): unknown[] {
    return columns.map((column) => row[column.name as keyof ContactRow]);
  }

  async merge(runner: QueryRunner, staging: string, stagingColumns: StagingColumn[]): Promise<WriteOutcome> {
    const counts = await this.contacts.mergeStaged(
      runner,
      staging,
      stagingColumns.map((column) => column.name),
    );
    return { inserted: counts.inserted, updated: counts.changed - counts.inserted, rejected: [] };
  }
}
