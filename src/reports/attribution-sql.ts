/**
 * The attribution rule of the campaign report (docs/campaigns.md, "Definitions"), as SQL common table expressions
 * shared by the report, the daily series and the breakdown, so they can never disagree.
 * Parameters: $1 campaign id, $2 the campaign's currency, $3 its attribution days.
 *
 * - `audience`: treatment and holdout contacts (exclusions are not compared);
 * - `attributed (audience_group, contact_id, amount, currency, in_currency, ordered_at)`: a
 *   treatment contact's purchase carrying one of the campaign's response codes, or made within the
 *   attribution window after their first message; a holdout contact's purchase within the same
 *   window after the campaign's first message (they received none). Purchases in every currency:
 *   each is a conversion; money is summed only where `in_currency` (the campaign's currency), the
 *   rest is reported apart, never converted.
 */
export const ATTRIBUTION_CTES = `
  audience AS (SELECT contact_id, audience_group, reference_at FROM campaign_audience WHERE campaign_id = $1 AND audience_group IN ('treatment', 'holdout')),
  first_message AS (SELECT contact_id, min(sent_at) AS at FROM deliveries WHERE campaign_id = $1 AND sent_at IS NOT NULL GROUP BY contact_id),
  campaign_start AS (SELECT coalesce(min(sent_at), (SELECT launched_at FROM campaigns WHERE id = $1)) AS at FROM deliveries WHERE campaign_id = $1),
  codes AS (SELECT response_code FROM deliveries WHERE campaign_id = $1),
  attributed AS (
    SELECT a.audience_group, p.contact_id, p.amount, p.currency, p.currency = $2 AS in_currency, p.ordered_at
    FROM audience a JOIN purchases p ON p.contact_id = a.contact_id
    LEFT JOIN first_message f ON f.contact_id = a.contact_id
    CROSS JOIN campaign_start s
    WHERE (a.audience_group = 'treatment' AND (
             p.response_code IN (SELECT response_code FROM codes)
             OR (f.at IS NOT NULL AND p.ordered_at >= f.at AND p.ordered_at < f.at + make_interval(days => $3))))
       -- The holdout from the campaign's start; an automation's from each held-out contact's own occurrence.
       OR (a.audience_group = 'holdout' AND coalesce(a.reference_at, s.at) IS NOT NULL AND p.ordered_at >= coalesce(a.reference_at, s.at)
           AND p.ordered_at < coalesce(a.reference_at, s.at) + make_interval(days => $3))
  )`;

/** The responses that make a responder (docs/campaigns.md, "Definitions"): a reply, a coupon, a survey answer or a positive call outcome. */
export const RESPONDER_KINDS = `(kind IN ('reply', 'coupon', 'survey') OR (kind = 'call' AND positive))`;
