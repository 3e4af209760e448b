import type { ScoringSettings } from './scoring-settings';

/**
 * The scoring job as one set-based statement over the whole base: every non-erased contact gets
 * one `contact_scores` row (RFM quintiles, value tier, lifecycle stage, silent flag), written only
 * where something changed; it answers the number of rows written. Pure text and parameters; the
 * service runs it in a transaction.
 *
 * Parameters: $1 now, $2 the company currency, then the thresholds (see ScoringSettings).
 * Purchases dated after `now` are ignored, so a past `now` replays the scores of that day.
 */
export interface ScoringStatement {
  sql: string;
  params: unknown[];
}

const NOW = '$1::timestamptz';
const CURRENCY = '$2::text';
const WINDOW_START = `(${NOW} - make_interval(months => $3::int))`;
const RECENT_START = `(${NOW} - make_interval(hours => 24 * $4::int))`;
const PREVIOUS_START = `(${NOW} - make_interval(hours => 48 * $4::int))`;

/** All purchases: order count, first and last order, median interval, and counts per period. */
const HISTORY = `
  orders AS (
    SELECT p.contact_id, p.ordered_at, p.ordered_at - lag(p.ordered_at) OVER (PARTITION BY p.contact_id ORDER BY p.ordered_at) AS gap
    FROM purchases p WHERE p.ordered_at <= ${NOW}
  ),
  history AS (
    SELECT contact_id, count(*)::int AS orders, min(ordered_at) AS first_at, max(ordered_at) AS last_at,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM gap)::float8 / 86400) AS median_gap,
           count(*) FILTER (WHERE ordered_at > ${WINDOW_START})::int AS window_orders,
           max(ordered_at) FILTER (WHERE ordered_at > ${WINDOW_START}) AS window_last_at,
           count(*) FILTER (WHERE ordered_at > ${RECENT_START})::int AS recent_orders,
           count(*) FILTER (WHERE ordered_at > ${PREVIOUS_START} AND ordered_at <= ${RECENT_START})::int AS previous_orders
    FROM orders GROUP BY contact_id
  )`;

/**
 * Money per currency, never added across currencies. A client's currency is the one of most of
 * their orders in the window (else over their history; ties: the company currency, then A–Z).
 */
const CURRENCIES = `
  per_currency AS (
    SELECT contact_id, currency, count(*) AS orders,
           count(*) FILTER (WHERE ordered_at > ${WINDOW_START}) AS window_orders,
           coalesce(sum(amount) FILTER (WHERE ordered_at > ${WINDOW_START}), 0) AS window_revenue,
           avg(amount) FILTER (WHERE ordered_at > ${RECENT_START}) AS recent_basket,
           avg(amount) FILTER (WHERE ordered_at > ${PREVIOUS_START} AND ordered_at <= ${RECENT_START}) AS previous_basket
    FROM purchases WHERE ordered_at <= ${NOW} GROUP BY contact_id, currency
  ),
  main_currency AS (
    SELECT DISTINCT ON (contact_id) contact_id, currency, window_revenue, recent_basket, previous_basket
    FROM per_currency ORDER BY contact_id, window_orders DESC, orders DESC, (currency = ${CURRENCY}) DESC, currency
  )`;

const FACTS = `
  facts AS (
    SELECT c.id AS contact_id, h.orders, h.first_at, h.last_at, h.median_gap, h.window_orders, h.window_last_at,
           h.recent_orders, h.previous_orders, m.currency, m.window_revenue, m.recent_basket, m.previous_basket,
           extract(epoch FROM ${NOW} - h.last_at)::float8 / 86400 AS idle_days
    FROM contacts c LEFT JOIN history h ON h.contact_id = c.id LEFT JOIN main_currency m ON m.contact_id = c.id
    WHERE c.erased_at IS NULL
  ),
  base AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY median_gap) AS median_gap FROM history WHERE median_gap IS NOT NULL)`;

/** Quintiles by rank: 1 + ⌊5 × (clients strictly worse) ÷ clients scored⌋; equal values share a score. */
const quintile = (partition: string, order: string) =>
  `1 + floor(5.0 * (rank() OVER (${partition} ORDER BY ${order}) - 1) / count(*) OVER (${partition}))::int`;

const RANKED = `
  ranked AS (
    SELECT contact_id,
           ${quintile('', 'window_last_at')} AS recency_score,
           ${quintile('', 'window_orders')} AS frequency_score,
           ${quintile('PARTITION BY currency', 'window_revenue')} AS monetary_score
    FROM facts WHERE window_orders > 0
  )`;

/**
 * Pareto per currency: a client is `top` while the revenue of the clients strictly above them is
 * under 80 % of the total (clients with equal revenue share a tier). "Strictly above" is the
 * running total including equals minus the equals: two linear window passes.
 */
const REVENUE = 'greatest(window_revenue, 0)';
const ABOVE = `(sum(${REVENUE}) OVER running - sum(${REVENUE}) OVER equals)`;
const TIERS = `
  tiers AS (
    SELECT contact_id,
           CASE WHEN window_revenue <= 0 THEN 'tail'
                WHEN ${ABOVE} < $5::numeric / 100 * sum(${REVENUE}) OVER everyone THEN 'top'
                WHEN ${ABOVE} < $6::numeric / 100 * sum(${REVENUE}) OVER everyone THEN 'core'
                ELSE 'tail' END AS value_tier
    FROM facts WHERE orders > 0
    WINDOW running AS (PARTITION BY currency ORDER BY window_revenue DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
           equals AS (PARTITION BY currency, window_revenue),
           everyone AS (PARTITION BY currency)
  )`;

const LIFECYCLE = `
  CASE WHEN f.orders IS NULL THEN 'acquisition'
       WHEN f.first_at >= ${NOW} - make_interval(hours => 24 * $7::int) THEN 'acquisition'
       WHEN f.idle_days > $10::int AND f.idle_days > $9::float8 * coalesce(f.median_gap, b.median_gap, 0) THEN 'decline'
       WHEN (f.recent_orders >= 2 AND f.recent_orders > f.previous_orders)
         OR (f.previous_basket > 0 AND f.recent_basket >= f.previous_basket * (1 + $8::numeric / 100)) THEN 'development'
       ELSE 'retention' END`;

const SILENT = `coalesce(f.orders >= $11::int AND f.idle_days > $13::int AND f.idle_days > $12::float8 * f.median_gap, false)`;

const COLUMNS = [
  'orders',
  'first_order_at',
  'last_order_at',
  'median_interval_days',
  'currency',
  'window_orders',
  'window_revenue',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'rfm_score',
  'value_tier',
  'lifecycle',
  'silent',
];

export function scoringStatement(settings: ScoringSettings, now: Date, currency: string): ScoringStatement {
  const sql = `
    WITH ${HISTORY}, ${CURRENCIES}, ${FACTS}, ${RANKED}, ${TIERS},
    written AS (
    INSERT INTO contact_scores AS cs (contact_id, ${COLUMNS.join(', ')})
    SELECT f.contact_id, coalesce(f.orders, 0), f.first_at, f.last_at, f.median_gap, f.currency, coalesce(f.window_orders, 0),
           coalesce(f.window_revenue, 0), r.recency_score, r.frequency_score, r.monetary_score,
           r.recency_score::text || r.frequency_score::text || r.monetary_score::text, t.value_tier, ${LIFECYCLE}, ${SILENT}
    FROM facts f CROSS JOIN base b LEFT JOIN ranked r ON r.contact_id = f.contact_id LEFT JOIN tiers t ON t.contact_id = f.contact_id
    ON CONFLICT (contact_id) DO UPDATE SET ${COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
    WHERE (${COLUMNS.map((column) => `cs.${column}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.map((column) => `EXCLUDED.${column}`).join(', ')})
    RETURNING 1)
    SELECT count(*)::int AS changed FROM written`;
  const params = [
    now.toISOString(),
    currency,
    settings.rfmWindowMonths,
    settings.trendDays,
    settings.topRevenuePercent,
    settings.coreRevenuePercent,
    settings.acquisitionDays,
    settings.basketGrowthPercent,
    settings.declineFactor,
    settings.declineMinDays,
    settings.silentMinOrders,
    settings.silentFactor,
    settings.silentMinDays,
  ];
  return { sql, params };
}

/** Scores of contacts erased since the last run (deleted contacts cascade). */
export const DELETE_STALE_SCORES = `DELETE FROM contact_scores s USING contacts c WHERE c.id = s.contact_id AND c.erased_at IS NOT NULL`;

export const SCORES_SUMMARY = `
  SELECT count(*)::int AS contacts,
         count(*) FILTER (WHERE rfm_score IS NOT NULL)::int AS rfm_scored,
         count(*) FILTER (WHERE lifecycle = 'acquisition')::int AS acquisition,
         count(*) FILTER (WHERE lifecycle = 'development')::int AS development,
         count(*) FILTER (WHERE lifecycle = 'retention')::int AS retention,
         count(*) FILTER (WHERE lifecycle = 'decline')::int AS decline,
         count(*) FILTER (WHERE value_tier = 'top')::int AS top,
         count(*) FILTER (WHERE value_tier = 'core')::int AS core,
         count(*) FILTER (WHERE value_tier = 'tail')::int AS tail,
         count(*) FILTER (WHERE silent)::int AS silent
  FROM contact_scores`;
