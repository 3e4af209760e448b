import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DeliveriesRepository } from './deliveries.repository';
import { IN_FLIGHT, sqlStates } from './delivery-state';

/**
 * Marketing pressure, as SQL over the delivery ledger: the frequency cap (marketing messages
 * per contact per rolling 7 and 30 days, campaigns and automations together; service messages
 * are exempt) and quiet hours (no SMS outside the sending hours, local time, nor on Sunday by
 * default). A message held by them is postponed to the first instant they allow, not dropped —
 * unless that instant is past its expiry.
 */

/**
 * When the cap stops holding the contact back: the moment the oldest message that keeps them at
 * the cap leaves its window; NULL when they are under the cap. Messages being sent count too.
 */
export function capReleaseSql(contact: string, at: string, cap7: number, cap30: number): string {
  // An alias of its own: `contact` and `at` may name columns of the enclosing query's `d`.
  const window = (days: number, cap: number) => `(
      SELECT coalesce(capd.sent_at, ${at}) + interval '${days} days' FROM deliveries capd
      WHERE capd.contact_id = ${contact} AND capd.purpose = 'marketing'
        AND (capd.sent_at > ${at} - interval '${days} days' OR capd.state IN (${sqlStates(IN_FLIGHT)}))
      ORDER BY coalesce(capd.sent_at, ${at}) DESC OFFSET ${cap - 1} LIMIT 1)`;
  const parts = [cap7 > 0 ? window(7, cap7) : undefined, cap30 > 0 ? window(30, cap30) : undefined].filter(Boolean);
  return parts.length ? `greatest(${parts.join(', ')})` : 'NULL::timestamptz';
}

/** The first instant at or after `ts` inside the sending hours in time zone `tz` (an SQL timestamptz). */
export function sendingHoursSql(
  ts: string,
  tz: string,
  hours: { start: string; end: string; sunday: boolean },
): string {
  const local = `(${ts} AT TIME ZONE ${tz})`;
  const open = `${local}::time >= '${hours.start}'::time AND ${local}::time < '${hours.end}'::time`;
  const notSunday = hours.sunday ? 'true' : `extract(isodow FROM ${local}) <> 7`;
  const nextDay = `(CASE WHEN ${local}::time < '${hours.start}'::time THEN ${local}::date ELSE ${local}::date + 1 END)`;
  const skipSunday = hours.sunday
    ? nextDay
    : `(CASE WHEN extract(isodow FROM ${nextDay}) = 7 THEN ${nextDay} + 1 ELSE ${nextDay} END)`;
  return `(CASE WHEN ${open} AND ${notSunday} THEN ${ts} ELSE (${skipSunday} + '${hours.start}'::time) AT TIME ZONE ${tz} END)`;
}

export interface PressureScope {
  /** Apply the frequency cap (automations: campaigns apply it once, at launch, as an exclusion). */
  cap: boolean;
  /** Apply the sending hours (SMS). */
  sendingHours: boolean;
}

@Injectable()
export class PressureRules {
  constructor(
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  /** SQL for the time zone of contact row `c`: theirs, else the company's (a validated IANA name, inlined). */
  zoneSql(contact = 'c'): string {
    return `coalesce(${contact}.timezone, '${this.config.defaultTimezone.replace(/'/g, "''")}')`;
  }

  scope(kind: 'campaign' | 'automation' | 'service', channel: string): PressureScope {
    if (kind === 'service') return { cap: false, sendingHours: false };
    return { cap: kind === 'automation', sendingHours: channel === 'sms' };
  }

  /**
   * SQL for the instant a message to contact `contact` due at `due` may go out under the rules
   * (`due` itself when nothing holds it), and the reason when something does.
   */
  releaseSql(scope: PressureScope, contact: string, due: string, tz: string): { release: string; reason: string } {
    return this.releaseAfterCap(scope, this.capSql(scope, contact, due), due, tz);
  }

  /** The cap's release alone (NULL when under it, or when the scope has no cap). */
  capSql(scope: PressureScope, contact: string, due: string): string {
    const { cap7Days, cap30Days } = this.config.delivery;
    return scope.cap ? capReleaseSql(contact, due, cap7Days, cap30Days) : 'NULL::timestamptz';
  }

  /**
   * releaseSql given the cap's release `cap` (capSql). `cap` is referenced several times: a query
   * that computes capSql once as a column and passes that column reads the ledger once per row
   * instead of once per reference (up to ten subqueries with the sending hours).
   */
  releaseAfterCap(scope: PressureScope, cap: string, due: string, tz: string): { release: string; reason: string } {
    const capped = `greatest(${due}, ${cap})`;
    const release = scope.sendingHours ? sendingHoursSql(capped, tz, this.config.delivery.quietHours) : capped;
    const reason = `CASE WHEN ${cap} > ${due} THEN 'frequency_cap' WHEN ${release} > ${due} THEN 'quiet_hours' END`;
    return { release, reason };
  }

  /**
   * At claim time, inside the claim transaction: rows held by the rules go back to `planned`
   * with their new time and reason (or `expired` past their expiry). Returns the held ids.
   */
  async hold(manager: EntityManager, ids: string[], scope: PressureScope): Promise<Set<string>> {
    if (!ids.length || (!scope.cap && !scope.sendingHours)) return new Set();
    return this.deliveries.postponeHeld(manager, ids, this.releaseSql(scope, 'd.contact_id', 'now()', this.zoneSql()));
  }
}
