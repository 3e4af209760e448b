import type { ConsentPolicy } from '../consent/consent-policy';
import { CONTACT_CHANNELS, type ContactChannel } from '../consent/consent.types';
import { reachabilitySql } from '../consent/reachability-sql';
import type { CompiledSegment } from './rule-compiler';

/**
 * The preview of a segment in one statement (one evaluation of the rules, one snapshot of the
 * data): the breakdown by lifecycle stage, value tier, region and reachability per channel, and
 * a sample. Reachability is the consent decision of `reachabilitySql` (marketing purpose, no
 * campaign flags): the refusal reason, or NULL when the contact can be reached.
 */
export const SAMPLE_SIZE = 20;

/** What the sample shows: enough to recognise the people, no addresses, e-mails or phone numbers. */
const SAMPLE_COLUMNS = [
  'c.external_id',
  'c.type',
  'c.civility',
  'c.first_name',
  'c.last_name',
  'c.company_name',
  'c.city',
  'c.region',
  'c.country',
  's.lifecycle',
  's.value_tier',
  's.rfm_score',
  'coalesce(s.silent, false) AS silent',
];

export function previewStatement(compiled: CompiledSegment, policy: ConsentPolicy): { sql: string; params: unknown[] } {
  const reach = (channel: ContactChannel) =>
    `${reachabilitySql(policy, { channel, purpose: 'marketing' })} AS ${channel}`;
  const dimension = (name: string, column: string) =>
    `SELECT '${name}' AS dimension, ${column} AS value, count(*)::int AS count FROM facts GROUP BY ${column}`;
  const sql = `
    WITH audience AS MATERIALIZED (${compiled.sql}),
    facts AS MATERIALIZED (
      SELECT c.id, c.region, s.lifecycle, s.value_tier, ${CONTACT_CHANNELS.map(reach).join(', ')}
      FROM audience a JOIN contacts c ON c.id = a.id LEFT JOIN contact_scores s ON s.contact_id = c.id
    )
    SELECT
      (SELECT coalesce(json_agg(g), '[]'::json) FROM (
        ${[dimension('lifecycle', 'lifecycle'), dimension('value_tier', 'value_tier'), dimension('region', 'region'), ...CONTACT_CHANNELS.map((channel) => dimension(channel, channel))].join('\n        UNION ALL ')}
      ) g) AS breakdown,
      (SELECT coalesce(json_agg(x), '[]'::json) FROM (
        SELECT ${SAMPLE_COLUMNS.join(', ')}
        FROM facts f JOIN contacts c ON c.id = f.id LEFT JOIN contact_scores s ON s.contact_id = f.id
        ORDER BY hashint8(f.id), f.id LIMIT ${SAMPLE_SIZE}
      ) x) AS sample`;
  return { sql, params: compiled.params };
}
