/**
 * The statements behind the pictures of the base (the console's "Portrait de la base"): a few
 * aggregate queries over `contact_scores`, never one per cell. The population is the one segment
 * rules read: contacts with a scores row, never erased. Money is the company currency only
 * (`$1`): a client whose main currency is another one is counted, their money is not added.
 */

/** Scored, not erased contacts: the rows a segment rule on the scores can match. */
const SCORED = `contact_scores s JOIN contacts c ON c.id = s.contact_id AND c.erased_at IS NULL`;

/**
 * Clients and window revenue per RFM cell (recency × frequency), per lifecycle stage, per value
 * tier, and in all: one pass, grouping sets. `grid`, `stage`, `tier` tell which grouping a row is of (0: it is).
 */
export const DISTRIBUTION_SQL = `
  SELECT s.recency_score AS recency, s.frequency_score AS frequency, s.lifecycle AS stage, s.value_tier AS tier,
         GROUPING(s.recency_score, s.frequency_score)::int AS grid, GROUPING(s.lifecycle)::int AS by_stage,
         GROUPING(s.value_tier)::int AS by_tier,
         count(*)::int AS clients,
         coalesce(sum(s.window_revenue) FILTER (WHERE s.currency = $1), 0)::float8 AS revenue,
         count(*) FILTER (WHERE s.currency IS NOT NULL AND s.currency <> $1)::int AS other_currency
  FROM ${SCORED}
  GROUP BY GROUPING SETS ((s.recency_score, s.frequency_score), (s.lifecycle), (s.value_tier), ())`;

/**
 * The Pareto curve: buyers of the window in the company currency, sorted by revenue (highest
 * first), cut in ten deciles of clients; per decile the cumulative revenue of the clients up to its
 * last one, and the first rank whose cumulative revenue reaches 80 % of the total.
 */
export const PARETO_SQL = `
  WITH buyers AS (
    SELECT s.window_revenue AS revenue FROM ${SCORED} WHERE s.currency = $1 AND s.window_revenue > 0
  ), ranked AS (
    SELECT row_number() OVER best AS rank, sum(revenue) OVER (best ROWS UNBOUNDED PRECEDING) AS running,
           count(*) OVER () AS buyers, sum(revenue) OVER () AS total
    FROM buyers WINDOW best AS (ORDER BY revenue DESC)
  )
  SELECT ceil(rank * 10.0 / buyers)::int AS decile, max(rank)::int AS last_rank, max(running)::float8 AS running,
         max(buyers)::int AS buyers, max(total)::float8 AS total,
         min(rank) FILTER (WHERE running >= 0.8 * total)::int AS rank_for_80
  FROM ranked GROUP BY 1 ORDER BY 1`;

/**
 * Silent clients and the money they brought: over their whole history, and over the 12 months
 * up to their last order (when they went silent); both in the company currency, up to that last
 * order. `$2`: how many of the best to list (lifetime revenue, highest first).
 */
export const SILENT_SQL = `
  WITH silent AS (
    SELECT s.contact_id, s.last_order_at, s.orders FROM ${SCORED} WHERE s.silent
  ), money AS (
    SELECT si.contact_id, sum(p.amount) AS lifetime,
           coalesce(sum(p.amount) FILTER (WHERE p.ordered_at > si.last_order_at - interval '12 months'), 0) AS before_silence
    FROM silent si JOIN purchases p ON p.contact_id = si.contact_id AND p.currency = $1 AND p.ordered_at <= si.last_order_at
    GROUP BY si.contact_id
  ), best AS (
    SELECT c.external_id, c.civility, c.first_name, c.last_name, c.company_name, si.orders, si.last_order_at,
           m.lifetime::float8 AS lifetime, m.before_silence::float8 AS before_silence
    FROM money m JOIN silent si ON si.contact_id = m.contact_id JOIN contacts c ON c.id = m.contact_id
    ORDER BY m.lifetime DESC, c.external_id LIMIT $2
  )
  SELECT (SELECT count(*) FROM silent)::int AS clients,
         (SELECT coalesce(sum(lifetime), 0) FROM money)::float8 AS lifetime,
         (SELECT coalesce(sum(before_silence), 0) FROM money)::float8 AS before_silence,
         (SELECT coalesce(json_agg(best ORDER BY best.lifetime DESC, best.external_id), '[]'::json) FROM best) AS best`;
