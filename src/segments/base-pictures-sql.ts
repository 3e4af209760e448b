/**
 * The statement behind the pictures of the base (the console's "Portrait de la base"): one pass
 * over `contact_scores`, never one query per cell. The population is the one segment rules read:
 * contacts with a scores row, never erased. Money is the company currency only (`$1`): a client
 * whose main currency is another one is counted, their money is not added.
 */

/** Scored, not erased contacts (read once): the rows a segment rule on the scores can match. */
const SCORED = `
  scored AS MATERIALIZED (
    SELECT s.contact_id, s.recency_score, s.frequency_score, s.lifecycle, s.value_tier, s.currency, s.window_revenue,
           s.silent, s.orders, s.last_order_at
    FROM contact_scores s JOIN contacts c ON c.id = s.contact_id AND c.erased_at IS NULL
  )`;

/**
 * Clients and window revenue per RFM cell (recency × frequency), per lifecycle stage, per value
 * tier, and in all: grouping sets. `grid`, `by_stage`, `by_tier` tell which grouping a row is of (0: it is).
 */
const DISTRIBUTION = `
  distribution AS (
    SELECT recency_score AS recency, frequency_score AS frequency, lifecycle AS stage, value_tier AS tier,
           GROUPING(recency_score, frequency_score) AS grid, GROUPING(lifecycle) AS by_stage, GROUPING(value_tier) AS by_tier,
           count(*) AS clients, coalesce(sum(window_revenue) FILTER (WHERE currency = $1), 0)::float8 AS revenue,
           count(*) FILTER (WHERE currency <> $1) AS other_currency
    FROM scored
    GROUP BY GROUPING SETS ((recency_score, frequency_score), (lifecycle), (value_tier), ())
  )`;

/**
 * The Pareto curve: buyers of the window in the company currency, sorted by revenue (highest
 * first), cut in ten deciles of clients; per decile the cumulative revenue of the clients up to its
 * last one, and the first rank whose cumulative revenue reaches 80 % of the total.
 */
const PARETO = `
  ranked AS (
    SELECT row_number() OVER best AS rank, sum(window_revenue) OVER (best ROWS UNBOUNDED PRECEDING) AS running,
           count(*) OVER () AS buyers, sum(window_revenue) OVER () AS total
    FROM scored WHERE currency = $1 AND window_revenue > 0 WINDOW best AS (ORDER BY window_revenue DESC)
  ), pareto AS (
    SELECT ceil(rank * 10.0 / buyers)::int AS decile, max(rank) AS last_rank, max(running)::float8 AS running,
           max(buyers) AS buyers, max(total)::float8 AS total, min(rank) FILTER (WHERE running >= 0.8 * total) AS rank_for_80
    FROM ranked GROUP BY 1
  )`;

/**
 * Silent clients and the money they brought: over their whole history, and over the 12 months
 * up to their last order (when they went silent); both in the company currency, up to that last
 * order (the purchases index, per silent client). `$2`: how many of the best to list.
 */
const SILENT = `
  silent AS (
    SELECT contact_id, orders, last_order_at FROM scored WHERE silent
  ), money AS (
    SELECT si.contact_id, spent.lifetime, spent.before_silence
    FROM silent si CROSS JOIN LATERAL (
      SELECT sum(p.amount) AS lifetime,
             coalesce(sum(p.amount) FILTER (WHERE p.ordered_at > si.last_order_at - interval '12 months'), 0) AS before_silence
      FROM purchases p WHERE p.contact_id = si.contact_id AND p.ordered_at <= si.last_order_at AND p.currency = $1
    ) spent
    WHERE spent.lifetime IS NOT NULL
  ), best AS (
    SELECT c.external_id, c.civility, c.first_name, c.last_name, c.company_name, si.orders, si.last_order_at,
           m.lifetime::float8 AS lifetime, m.before_silence::float8 AS before_silence
    FROM money m JOIN silent si ON si.contact_id = m.contact_id JOIN contacts c ON c.id = m.contact_id
    ORDER BY m.lifetime DESC, c.external_id LIMIT $2
  )`;

export const BASE_PICTURES_SQL = `
  WITH ${SCORED}, ${DISTRIBUTION}, ${PARETO}, ${SILENT}
  SELECT (SELECT coalesce(json_agg(d), '[]'::json) FROM distribution d) AS distribution,
         (SELECT coalesce(json_agg(p ORDER BY p.decile), '[]'::json) FROM pareto p) AS pareto,
         (SELECT count(*) FROM silent)::int AS silent_clients,
         (SELECT coalesce(sum(lifetime), 0) FROM money)::float8 AS silent_lifetime,
         (SELECT coalesce(sum(before_silence), 0) FROM money)::float8 AS silent_before,
         (SELECT coalesce(json_agg(best ORDER BY best.lifetime DESC, best.external_id), '[]'::json) FROM best) AS silent_best`;
