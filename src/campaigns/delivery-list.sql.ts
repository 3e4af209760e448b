import { HELD_OUT_LISTING_STATE } from '../deliveries/delivery-state';
import type { DeliveryListFilter } from './delivery-list-filter';

/**
 * The statements of a campaign's delivery list (CampaignsService.deliveryList): one page of
 * deliveries in id order, one page of control-group members in contact order. Both read the
 * contact's name and e-mail and the delivery's dates, which the detailed list (the console's)
 * shows; `$1` is the campaign, `$2` the last position seen, `$3` the page size.
 */
const CONTACT_COLUMNS = `c.type AS contact_type, c.civility, c.first_name, c.last_name, c.company_name, c.email`;

export function deliveryRowsStatement(filter: DeliveryListFilter): { sql: string; extra: unknown[] } {
  const extra: unknown[] = [];
  const conditions = ['d.campaign_id = $1', 'd.id > $2'];
  if (filter.state !== undefined && filter.state !== HELD_OUT_LISTING_STATE) {
    extra.push(filter.state);
    conditions.push(`d.state = $${3 + extra.length}`);
  }
  if (filter.step !== undefined) {
    extra.push(filter.step);
    conditions.push(`s.position = $${3 + extra.length}`);
  }
  return {
    sql: `SELECT d.id::text AS delivery_id, s.position AS step, d.channel, c.external_id, d.state, d.response_code,
                 false AS holdout, d.reason, d.sent_at, d.created_at AS planned_at, d.delivered_at, ${CONTACT_COLUMNS},
                 'deliveries' AS list_part, d.id::text AS position
          FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id JOIN contacts c ON c.id = d.contact_id
          WHERE ${conditions.join(' AND ')} ORDER BY d.id LIMIT $3`,
    extra,
  };
}

export const HELD_OUT_ROWS_SQL = `
  SELECT NULL AS delivery_id, NULL::int AS step, NULL AS channel, c.external_id, '${HELD_OUT_LISTING_STATE}' AS state,
         NULL AS response_code, true AS holdout, NULL AS reason, NULL::timestamptz AS sent_at,
         NULL::timestamptz AS planned_at, NULL::timestamptz AS delivered_at, ${CONTACT_COLUMNS},
         'holdout' AS list_part, a.contact_id::text AS position
  FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id
  WHERE a.campaign_id = $1 AND a.audience_group = 'holdout' AND a.contact_id > $2 ORDER BY a.contact_id LIMIT $3`;
