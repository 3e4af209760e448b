import type { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { DeliveryState, QUEUED, sqlState, sqlStates } from '../deliveries/delivery-state';
import { RESPONDER_KINDS } from './attribution-sql';
import type { CampaignReportParts } from './campaign-report-assembly';

/**
 * The campaign report's queries for several whole campaigns at once (`$1` their ids): the same
 * counts, conditions and attribution rule as CampaignReportService's one-campaign queries, each
 * grouped by campaign — five statements for a table of a hundred campaigns instead of five hundred.
 * A spec compares every report with the one-campaign report (test/integration/campaign-reports-batch.spec.ts).
 */
const MESSAGES_SQL = `
  SELECT campaign_id AS id,
         count(*) FILTER (WHERE state IN (${sqlStates(QUEUED)}))::int AS queued,
         count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
         count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Delivered)})::int AS delivered,
         count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Bounced)})::int AS bounced,
         count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Failed)})::int AS failed,
         count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Unknown)})::int AS unknown
  FROM deliveries WHERE campaign_id = ANY ($1::uuid[]) GROUP BY campaign_id`;

const CHANNELS_SQL = `
  SELECT campaign_id AS id, channel, count(*)::int AS sent FROM deliveries
  WHERE campaign_id = ANY ($1::uuid[]) AND sent_at IS NOT NULL GROUP BY campaign_id, channel`;

const RESPONSES_SQL = `
  WITH treated AS (SELECT campaign_id, contact_id FROM campaign_audience WHERE campaign_id = ANY ($1::uuid[]) AND audience_group = 'treatment'),
  r AS (SELECT r.* FROM responses r JOIN treated t ON t.contact_id = r.contact_id AND t.campaign_id = r.campaign_id)
  SELECT campaign_id AS id,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'open')::int AS opened,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'open' AND NOT automated)::int AS opened_by_people,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'click')::int AS clicked,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'click' AND NOT automated)::int AS clicked_by_people,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'reply')::int AS replied,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'coupon')::int AS coupons,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'call' AND positive)::int AS calls_positive,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'survey')::int AS surveys,
         count(DISTINCT contact_id) FILTER (WHERE kind = 'complaint')::int AS complaints,
         count(DISTINCT contact_id) FILTER (WHERE ${RESPONDER_KINDS})::int AS responders
  FROM r GROUP BY campaign_id`;

const UNSUBSCRIBED_SQL = `
  SELECT d.campaign_id AS id, count(DISTINCT e.contact_id)::int AS unsubscribed
  FROM consent_events e JOIN deliveries d ON d.id::text = e.proof ->> 'delivery_id'
  WHERE e.status = 'withdrawn' AND e.proof ? 'delivery_id' AND d.campaign_id = ANY ($1::uuid[]) GROUP BY d.campaign_id`;

/**
 * ATTRIBUTION_CTES keyed by campaign (each campaign's currency and attribution days from its row),
 * the rule of ATTRIBUTED_CONDITION taken apart so that no contact's purchases are read whole: a
 * purchase is attributed when it falls in its audience contact's window (a treated contact's from
 * their first message, a held-out one's from their reference or the campaign's start), or when,
 * outside that window, it carries one of the campaign's codes and its contact was treated. The two
 * parts cannot share a purchase, so their rows add up to the condition's.
 * - `in_window`: per audience contact, the range of purchases_contact_ordered_at_idx within their
 *   window. Joined whole with purchases, the hundred audiences gave 0.7 M rows filtered down to a few
 *   thousand (0.7 s on the console bench's large base); OFFSET 0 keeps the subquery a per-contact
 *   index range, which PostgreSQL would otherwise flatten back into that join.
 * - `coded`, `by_code`: the few purchases carrying a code (purchases_response_code_idx), matched to
 *   the message that carries it (a code is unique among deliveries: one campaign at most), then to
 *   that campaign's treated contacts and their first message, each looked up by index: joined with
 *   the audiences instead, PostgreSQL misjudging their size read every treated contact's purchases,
 *   or scanned the audiences once per coded purchase (12 s on the large base before its ANALYZE).
 */
const CONVERSIONS_SQL = `
  WITH wanted AS (SELECT id AS campaign_id, currency, attribution_days, launched_at FROM campaigns WHERE id = ANY ($1::uuid[])),
  audience AS (SELECT campaign_id, contact_id, audience_group, reference_at FROM campaign_audience
               WHERE campaign_id = ANY ($1::uuid[]) AND audience_group IN ('treatment', 'holdout')),
  first_message AS MATERIALIZED (SELECT campaign_id, contact_id, min(sent_at) AS at FROM deliveries
                    WHERE campaign_id = ANY ($1::uuid[]) AND sent_at IS NOT NULL GROUP BY campaign_id, contact_id),
  campaign_start AS MATERIALIZED (
    SELECT w.campaign_id, coalesce(min(f.at), w.launched_at) AS at
    FROM wanted w LEFT JOIN first_message f ON f.campaign_id = w.campaign_id GROUP BY w.campaign_id, w.launched_at),
  windows AS MATERIALIZED (
    SELECT a.campaign_id, a.contact_id, a.audience_group, m.from_at, m.from_at + make_interval(days => w.attribution_days) AS until_at
    FROM audience a JOIN wanted w ON w.campaign_id = a.campaign_id JOIN campaign_start s ON s.campaign_id = a.campaign_id
    LEFT JOIN first_message f ON f.campaign_id = a.campaign_id AND f.contact_id = a.contact_id
    CROSS JOIN LATERAL (SELECT CASE WHEN a.audience_group = 'treatment' THEN f.at ELSE coalesce(a.reference_at, s.at) END AS from_at) m),
  in_window AS (
    SELECT m.campaign_id, m.audience_group, m.contact_id, p.amount, p.currency
    FROM windows m CROSS JOIN LATERAL (
      SELECT amount, currency FROM purchases
      WHERE contact_id = m.contact_id AND ordered_at >= m.from_at AND ordered_at < m.until_at OFFSET 0) p
    WHERE m.from_at IS NOT NULL),
  coded AS MATERIALIZED (
    SELECT d.campaign_id, p.contact_id, p.ordered_at, p.amount, p.currency,
           (SELECT min(sent_at) FROM deliveries WHERE contact_id = p.contact_id AND campaign_id = d.campaign_id AND sent_at IS NOT NULL) AS first_at
    FROM purchases p JOIN deliveries d ON d.response_code = p.response_code AND d.campaign_id = ANY ($1::uuid[])
    WHERE p.response_code IS NOT NULL),
  by_code AS (
    SELECT c.campaign_id, a.audience_group, c.contact_id, c.amount, c.currency
    FROM coded c JOIN wanted w ON w.campaign_id = c.campaign_id
    JOIN campaign_audience a ON a.campaign_id = c.campaign_id AND a.contact_id = c.contact_id AND a.audience_group = 'treatment'
    WHERE NOT (c.first_at IS NOT NULL AND c.ordered_at >= c.first_at
               AND c.ordered_at < c.first_at + make_interval(days => w.attribution_days))),
  attributed AS (SELECT * FROM in_window UNION ALL SELECT * FROM by_code),
  groups AS (SELECT campaign_id, count(*) FILTER (WHERE audience_group = 'treatment')::int AS t_contacts,
                    count(*) FILTER (WHERE audience_group = 'holdout')::int AS h_contacts FROM windows GROUP BY campaign_id),
  buyers AS (SELECT campaign_id, count(DISTINCT contact_id) FILTER (WHERE audience_group = 'treatment')::int AS t_buyers,
                    count(DISTINCT contact_id) FILTER (WHERE audience_group = 'holdout')::int AS h_buyers FROM attributed GROUP BY campaign_id),
  per_currency AS (SELECT campaign_id, audience_group, currency, count(*)::int AS purchases, sum(amount)::float8 AS revenue
                   FROM attributed GROUP BY 1, 2, 3),
  money AS (SELECT campaign_id, json_agg(json_build_object('audience_group', audience_group, 'currency', currency,
                   'purchases', purchases, 'revenue', revenue) ORDER BY audience_group, currency) AS by_currency
            FROM per_currency GROUP BY campaign_id)
  SELECT w.campaign_id AS id, coalesce(g.t_contacts, 0) AS t_contacts, coalesce(g.h_contacts, 0) AS h_contacts,
         coalesce(b.t_buyers, 0) AS t_buyers, coalesce(b.h_buyers, 0) AS h_buyers, coalesce(m.by_currency, '[]'::json) AS by_currency
  FROM wanted w LEFT JOIN groups g ON g.campaign_id = w.campaign_id LEFT JOIN buyers b ON b.campaign_id = w.campaign_id
  LEFT JOIN money m ON m.campaign_id = w.campaign_id`;

const NO_MESSAGES = { queued: 0, sent: 0, delivered: 0, bounced: 0, failed: 0, unknown: 0 };
const NO_RESPONSES = {
  opened: 0,
  opened_by_people: 0,
  clicked: 0,
  clicked_by_people: 0,
  replied: 0,
  coupons: 0,
  calls_positive: 0,
  surveys: 0,
  complaints: 0,
  responders: 0,
};

type Keyed<T> = T & { id: string };

function byId<T extends { id: string }>(rows: T[]): Map<string, Omit<T, 'id'>> {
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** The parts of each campaign's report, by campaign id (a campaign without messages or responses counts zeros). */
export async function campaignReportParts(
  dataSource: DataSource,
  ids: string[],
): Promise<Map<string, CampaignReportParts>> {
  const query = <T>(sql: string) => queryRows<Keyed<T>>(dataSource, sql, [ids]);
  const messages = byId(await query<CampaignReportParts['messages']>(MESSAGES_SQL));
  const channels = await query<{ channel: string; sent: number }>(CHANNELS_SQL);
  const responses = byId(await query<Omit<CampaignReportParts['responses'], 'unsubscribed'>>(RESPONSES_SQL));
  const unsubscribed = byId(await query<{ unsubscribed: number }>(UNSUBSCRIBED_SQL));
  // Its estimate (a probe per audience contact) passes JIT's threshold: compiling took 0.15–0.3 s
  // and saved nothing (console bench, large base). Off for it alone, as for segment queries.
  const conversions = byId(
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      return queryRows<Keyed<CampaignReportParts['conversions']>>(manager, CONVERSIONS_SQL, [ids]);
    }),
  );
  const parts = new Map<string, CampaignReportParts>();
  for (const id of ids)
    parts.set(id, {
      messages: messages.get(id) ?? { ...NO_MESSAGES },
      channels: channels.filter((row) => row.id === id).map(({ channel, sent }) => ({ channel, sent })),
      responses: { ...(responses.get(id) ?? NO_RESPONSES), unsubscribed: unsubscribed.get(id)?.unsubscribed ?? 0 },
      conversions: conversions.get(id) ?? { t_contacts: 0, h_contacts: 0, t_buyers: 0, h_buyers: 0, by_currency: [] },
    });
  return parts;
}
