import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { QueryRunner } from 'typeorm';
import type { FieldProblem } from '../../contacts/contact-fields';
import { parseInstant } from '../../contacts/normalisation/dates';
import { FieldError } from '../../contacts/normalisation/field-error';
import { normaliseLine } from '../../contacts/normalisation/text-fields';
import type { StagingColumn } from '../../core/database/bulk-loader';
import { stripAccents } from '../../core/text/text';
import type { ImportSpec } from '../column-mapping';
import { EXTERNAL_ID_ALIASES } from './contacts.importer';
import type { ImportContext, MappedRecord, RowImporter, WriteOutcome } from './row-importer';
import { ConsentEventsRepository } from '../../consent/consent-events.repository';
import { CONSENT_METHODS, LEDGER_CHANNELS, LEGAL_BASES } from '../../consent/consent.types';

export interface ConsentRow {
  external_id: string;
  channel: string;
  status: string;
  legal_basis: string;
  method: string;
  source: string | null;
  wording: string | null;
  collected_at: string;
  ip: string | null;
  user_agent: string | null;
  dedupe_key: string;
}

export const CONSENTS_SPEC: ImportSpec = {
  kind: 'consents',
  required: ['external_id', 'channel', 'status'],
  unknownColumnsAsAttributes: false,
  fields: {
    external_id: EXTERNAL_ID_ALIASES,
    channel: ['canal'],
    status: ['statut', 'etat', 'consentement'],
    method: ['methode', 'mode_de_recueil', 'mode_de_collecte'],
    legal_basis: ['base_legale', 'fondement'],
    source: ['origine', 'provenance'],
    collected_at: ['date', 'date_de_recueil', 'date_de_collecte', 'date_consentement', 'recueilli_le'],
    wording: ['libelle', 'texte', 'mention', 'formulation', 'texte_affiche'],
    ip: ['adresse_ip', 'ip_address'],
    user_agent: ['navigateur', 'useragent'],
  },
};

const CHANNEL_ALIASES: Record<string, string> = {
  courriel: 'email',
  'e-mail': 'email',
  mail: 'email',
  telephone: 'phone',
  tel: 'phone',
  courrier: 'postal',
  poste: 'postal',
  postal: 'postal',
};
const STATUS_ALIASES: Record<string, string> = {
  granted: 'granted',
  oui: 'granted',
  accepte: 'granted',
  consenti: 'granted',
  optin: 'granted',
  'opt-in': 'granted',
  withdrawn: 'withdrawn',
  non: 'withdrawn',
  refuse: 'withdrawn',
  retire: 'withdrawn',
  optout: 'withdrawn',
  'opt-out': 'withdrawn',
  oppose: 'withdrawn',
};

function oneOf(raw: string, allowed: readonly string[], aliases: Record<string, string> = {}): string {
  const key = stripAccents(raw.trim()).toLowerCase();
  const value = aliases[key] ?? key;
  if (!allowed.includes(value)) throw new FieldError(`must be one of ${allowed.join(', ')} (got "${raw}")`);
  return value;
}

/**
 * Reads one field of the record through its normaliser: an empty cell gives the fallback (a
 * problem if the field is required), a FieldError becomes a problem on that field.
 */
function fieldReader(record: MappedRecord, problems: FieldProblem[]) {
  return <T>(field: string, normalise: (raw: string) => T, fallback: T): T => {
    const raw = record.fields[field]?.trim();
    if (!raw) {
      if (CONSENTS_SPEC.required.includes(field)) problems.push({ field, reason: 'is required' });
      return fallback;
    }
    try {
      return normalise(raw);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push({ field, reason: error.message });
      return fallback;
    }
  };
}

function collectedAt(raw: string, context: ImportContext): string {
  const instant = parseInstant(raw, context.config.defaultTimezone);
  if (instant.getTime() > context.today.getTime() + 86_400_000)
    throw new FieldError(`collection date in the future: "${raw}"`);
  return instant.toISOString();
}

function ipAddress(raw: string): string {
  if (!isIP(raw)) throw new FieldError(`not an IP address: "${raw}"`);
  return raw;
}

/** The event's content, so the same file imported twice adds nothing the second time. */
function dedupeKey(row: ConsentRow): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        row.external_id,
        row.channel,
        row.status,
        row.method,
        row.legal_basis,
        row.collected_at,
        row.source,
        row.wording,
      ]),
    )
    .digest('base64url');
}

/**
 * Consent events, each with its proof. Appended to the ledger (never overwriting anything);
 * the same file imported twice adds nothing the second time (a key made of the event's content).
 */
@Injectable()
export class ConsentsImporter implements RowImporter<ConsentRow> {
  readonly spec = CONSENTS_SPEC;
  readonly keyField = undefined;
  readonly fills = ['consent_events', 'consent_states', 'suppressions'];

  constructor(private readonly ledger: ConsentEventsRepository) {}

  keyOf(): undefined {
    return undefined;
  }

  validate(record: MappedRecord, context: ImportContext): { row: ConsentRow } | { problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    const value = fieldReader(record, problems);
    const row = {
      external_id: value('external_id', (raw) => normaliseLine(raw, 100), ''),
      channel: value('channel', (raw) => oneOf(raw, LEDGER_CHANNELS, CHANNEL_ALIASES), ''),
      status: value('status', (raw) => oneOf(raw, ['granted', 'withdrawn'], STATUS_ALIASES), ''),
      // Without a method, nothing proves a specific act: recorded, but it will not count as consent.
      method: value('method', (raw) => oneOf(raw, CONSENT_METHODS), 'import'),
      legal_basis: value('legal_basis', (raw) => oneOf(raw, LEGAL_BASES), 'consent'),
      source: value('source', (raw) => normaliseLine(raw, 200), null as string | null),
      wording: value('wording', (raw) => raw.trim().slice(0, 4000), null as string | null),
      collected_at: value('collected_at', (raw) => collectedAt(raw, context), context.today.toISOString()),
      ip: value('ip', ipAddress, null as string | null),
      user_agent: value('user_agent', (raw) => normaliseLine(raw, 500), null as string | null),
      dedupe_key: '',
    };
    if (problems.length) return { problems };
    row.dedupe_key = dedupeKey(row);
    return { row };
  }

  stagingColumns(): StagingColumn[] {
    return [
      'external_id',
      'channel',
      'status',
      'legal_basis',
      'method',
      'source',
      'wording',
      'collected_at',
      'ip',
      'user_agent',
      'dedupe_key',
    ].map((name) => ({ name, type: name === 'collected_at' ? 'timestamptz' : 'text' }));
  }

  stagingValues(row: ConsentRow, columns: StagingColumn[]): unknown[] {
    return columns.map((column) => row[column.name as keyof ConsentRow]);
  }

  async merge(runner: QueryRunner, staging: string): Promise<WriteOutcome> {
    const result = await this.ledger.mergeStaged(runner, staging);
    return {
      inserted: result.inserted,
      updated: 0,
      rejected: result.unknownLines.map((line) => ({
        line,
        field: 'external_id',
        reason: 'no contact with this external_id (import contacts first)',
      })),
    };
  }
}
