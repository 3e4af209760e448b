import { respondedSql } from '../deliveries/delivery-planner';
import type { Trigger } from './automation-definition';
import type { Params } from './trigger-sql';
import { NOT_RECEIVED, sqlStates } from '../deliveries/delivery-state';

/**
 * Occurrences that follow earlier messages of the same automation, `(contact_id, occurrence,
 * due_at, data)` due in the window:
 * - a later step of a multi-step automation, `delay_days` after the previous step's message of
 *   the same occurrence was sent (only to those who did not answer, when the step says so);
 * - with an inactivity trigger, the next win-back attempt `retry_after_days` after the previous
 *   one, when it got no answer and no purchase followed, up to `attempts`.
 */
export function followUpsSql(
  campaignId: string,
  step: { position: number; delay_days: number | null; only_non_responders: boolean },
  window: { from: Date; to: Date },
  p: Params,
  inactivity?: Trigger,
): string {
  const campaign = `${p.add(campaignId)}::uuid`;
  const from = p.add(window.from);
  const to = p.add(window.to);
  if (inactivity) {
    const retry = p.add(inactivity.retry_after_days ?? 21);
    const attempts = p.add(inactivity.attempts ?? 2);
    return `
      SELECT contact_id, occurrence, due_at, data FROM (
        SELECT d.contact_id, split_part(d.occurrence, '#', 1) || '#' || (split_part(d.occurrence, '#', 2)::int + 1) AS occurrence,
               d.sent_at + make_interval(days => ${retry}::int) AS due_at,
               jsonb_build_object('attempt', split_part(d.occurrence, '#', 2)::int + 1, 'previous_delivery_id', d.id) AS data
        FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id AND s.position = 1
        WHERE d.campaign_id = ${campaign} AND d.sent_at IS NOT NULL AND d.state NOT IN (${sqlStates(NOT_RECEIVED)})
          AND d.occurrence ~ '#[0-9]+$' AND split_part(d.occurrence, '#', 2)::int < ${attempts}::int
          AND NOT ${respondedSql('d.contact_id', campaign, 'd.sent_at')}
          AND NOT EXISTS (SELECT 1 FROM purchases pu WHERE pu.contact_id = d.contact_id AND pu.ordered_at > d.sent_at)
      ) x WHERE x.due_at > ${from} AND x.due_at <= ${to}`;
  }
  const position = p.add(step.position - 1);
  const delay = p.add(step.delay_days ?? 0);
  return `
    SELECT contact_id, occurrence, due_at, data FROM (
      SELECT d.contact_id, d.occurrence, d.sent_at + make_interval(days => ${delay}::int) AS due_at,
             jsonb_build_object('previous_delivery_id', d.id) AS data
      FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id AND s.position = ${position}::int
      WHERE d.campaign_id = ${campaign} AND d.sent_at IS NOT NULL AND d.state NOT IN (${sqlStates(NOT_RECEIVED)})
        ${step.only_non_responders ? `AND NOT ${respondedSql('d.contact_id', campaign, 'd.sent_at')}` : ''}
    ) x WHERE x.due_at > ${from} AND x.due_at <= ${to}`;
}
