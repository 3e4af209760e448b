import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { CONTACT_DATE_FIELDS, CONTACT_FIELDS, normaliseContact, type ContactField, type ContactRow } from '../../contacts/contact-fields';
import type { ColumnPlan, ImportSpec } from '../column-mapping';
import type { ImportContext, MappedRecord, RowImporter, WriteOutcome } from './row-importer';

export const EXTERNAL_ID_ALIASES = [
  'id', 'identifiant', 'id_client', 'code_client', 'numero_client', 'num_client', 'n_client', 'no_client', 'ref_client',
  'reference_client', 'client_id', 'customer_id', 'client',
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
    company_name: ['societe', 'entreprise', 'raison_sociale', 'company', 'organisation', 'nom_entreprise', 'nom_de_l_entreprise', 'nom_societe'],
    job_title: ['fonction', 'poste', 'titre_du_poste', 'job', 'position'],
    email: ['e_mail', 'mail', 'courriel', 'adresse_e_mail', 'adresse_mail', 'adresse_email', 'email_address', 'adresse_electronique'],
    phone: ['telephone', 'tel', 'portable', 'mobile', 'gsm', 'numero_de_telephone', 'phone_number', 'telephone_mobile', 'tel_portable', 'num_tel'],
    address_line1: ['adresse', 'adresse_1', 'adresse1', 'address', 'rue', 'address1', 'adresse_ligne_1', 'address_line_1', 'adresse_postale'],
    address_line2: ['adresse_2', 'adresse2', 'complement_d_adresse', 'complement_adresse', 'address2', 'adresse_ligne_2', 'address_line_2', 'complement'],
    postal_code: ['code_postal', 'cp', 'zip', 'zip_code', 'postcode', 'postal'],
    city: ['ville', 'commune', 'localite', 'town'],
    region: ['province', 'state'],
    country: ['pays', 'country_code', 'code_pays'],
    birth_date: ['date_de_naissance', 'naissance', 'date_naissance', 'birthday', 'birthdate', 'dob', 'ne_le', 'nee_le', 'anniversaire'],
    locale: ['langue', 'language', 'lang'],
    timezone: ['fuseau_horaire', 'fuseau', 'time_zone', 'tz'],
    loyalty_card_expires_on: ['expiration_carte', 'expiration_carte_fidelite', 'date_expiration_carte', 'fin_carte_fidelite', 'carte_fidelite_expire_le', 'carte_expire_le'],
    contract_renews_on: ['renouvellement_contrat', 'date_renouvellement', 'date_de_renouvellement', 'echeance_contrat', 'echeance', 'date_renouvellement_contrat'],
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
  readonly spec = CONTACTS_SPEC;
  readonly keyField = 'external_id';

  keyOf(row: ContactRow): string {
    return row.external_id!;
  }

  validate(record: MappedRecord, context: ImportContext) {
    const input: Partial<Record<ContactField, string>> = {};
    for (const [field, value] of record.fields) input[field as ContactField] = value;
    return normaliseContact({ ...input, attributes: record.attributes }, { defaultCountry: context.config.defaultCountry, today: context.today });
  }

  async write(runner: QueryRunner, rows: Array<{ line: number; row: ContactRow }>, plan: ColumnPlan[]): Promise<WriteOutcome> {
    const present = new Set(plan.flatMap((column) => (column.target.kind === 'field' ? [column.target.field] : [])));
    const columns = CONTACT_FIELDS.filter((field) => field === 'external_id' || present.has(field));
    const parameters = columns.map((column) => rows.map(({ row }) => row[column]));
    parameters.push(rows.map(({ row }) => JSON.stringify(row.attributes)));
    const unnestTypes = columns.map((column, index) => `$${index + 1}::${CONTACT_DATE_FIELDS.includes(column) ? 'date' : 'text'}[]`);
    unnestTypes.push(`$${columns.length + 1}::text[]`);
    const selectList = columns.map((column) => (column === 'type' ? `coalesce(u.type, 'person')` : `u.${column}`));
    const updated = columns.filter((column) => column !== 'external_id');
    const sql = `
      INSERT INTO contacts AS c (${columns.join(', ')}, attributes)
      SELECT ${selectList.join(', ')}, u.attributes::jsonb
      FROM unnest(${unnestTypes.join(', ')}) AS u(${columns.join(', ')}, attributes)
      ON CONFLICT (external_id) DO UPDATE SET
        ${updated.map((column) => `${column} = EXCLUDED.${column}`).concat('attributes = c.attributes || EXCLUDED.attributes', 'updated_at = now()').join(',\n        ')}
      WHERE ${updated.length ? `(${updated.map((c) => `c.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${c}`).join(', ')}) OR ` : ''}NOT (c.attributes @> EXCLUDED.attributes)
      RETURNING (xmax = 0) AS inserted`;
    const result: Array<{ inserted: boolean }> = await runner.query(sql, parameters);
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted, rejected: [] };
  }
}
