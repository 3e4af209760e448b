import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONSENT_POLICY, type ConsentPolicy } from '../consent/consent-policy';
import { channelOf } from '../consent/consent.types';
import { reachabilitySql } from '../consent/reachability-sql';
import { PressureRules } from '../deliveries/pressure';
import { AutomationsService, type AutomationRow } from './automations.service';
import { holdoutSql, Params } from './trigger-sql';
import { DeliveryState, sqlState } from '../deliveries/delivery-state';
import type { AutomationDefinition } from './automation-definition';

export interface UpcomingMessage {
  external_id: string;
  occurrence: string;
  step: number;
  channel: string;
  due_at: string;
  /** When it will actually go, after the frequency cap and sending hours. */
  send_at: string;
  status: 'queued' | 'scheduled' | 'postponed';
  reason: string | null;
}

export interface UpcomingList {
  id: string;
  from: string;
  to: string;
  total: number;
  messages: UpcomingMessage[];
}

/** At most this many messages are listed (queued ones and coming ones, each). */
export const UPCOMING_LIMIT = 1000;

/**
 * What an automation will send in the coming days: messages already queued (some postponed,
 * with the reason) and the occurrences the trigger will produce, with the frequency cap and
 * sending hours applied as they stand now. Held-out and unreachable contacts are left out.
 */
@Injectable()
export class AutomationUpcoming {
  constructor(
    private readonly dataSource: DataSource,
    private readonly automations: AutomationsService,
    private readonly pressure: PressureRules,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
  ) {}

  async list(idOrName: string, options: { at?: Date; days?: number } = {}): Promise<UpcomingList> {
    const automation = await this.automations.get(idOrName);
    return this.upcoming(automation, automation.campaign_id, options);
  }

  /**
   * What a definition not saved yet would send: the same computation as `list`, for the automation
   * that `id` names once saved. When it names a stored one (its edit), its queued messages, its
   * control group and what it already sent count; for a new one, give the id it will be created
   * with (`AutomationsService.save(…, { mode: 'create', id })`) so its control group is the same.
   */
  async preview(
    definition: AutomationDefinition,
    id: string,
    options: { at?: Date; days?: number } = {},
  ): Promise<UpcomingList> {
    const [stored]: Array<AutomationRow | undefined> = await this.dataSource.query(
      `SELECT * FROM automations WHERE id = $1::uuid`,
      [id],
    );
    const at = options.at ?? new Date();
    const automation: AutomationRow = {
      id,
      name: definition.name,
      campaign_id: stored?.campaign_id ?? '',
      trigger: definition.trigger,
      definition,
      status: 'active',
      last_tick_at: stored?.last_tick_at ?? null,
      created_at: stored?.created_at ?? at,
      updated_at: at,
    };
    return this.upcoming(automation, stored?.campaign_id ?? null, { ...options, at });
  }

  private async upcoming(
    automation: AutomationRow,
    campaignId: string | null,
    options: { at?: Date; days?: number },
  ): Promise<UpcomingList> {
    const at = options.at ?? new Date();
    const to = new Date(at.getTime() + (options.days ?? 7) * 86_400_000);
    const queued: UpcomingMessage[] = campaignId === null ? [] : await this.queued(campaignId, to);
    const coming = await this.coming(automation, automation.definition.steps[0].channel, at, to);
    const messages = [...queued, ...coming].map((m) => ({
      ...m,
      step: Number(m.step),
      due_at: new Date(m.due_at).toISOString(),
      send_at: new Date(m.send_at).toISOString(),
    }));
    messages.sort((a, b) => a.send_at.localeCompare(b.send_at));
    return {
      id: automation.id,
      from: at.toISOString(),
      to: to.toISOString(),
      total: messages.length,
      messages: messages.slice(0, UPCOMING_LIMIT),
    };
  }

  /** The campaign's messages already queued, due before `to` (some postponed, with the reason). */
  private queued(campaignId: string, to: Date): Promise<UpcomingMessage[]> {
    return this.dataSource.query(
      `SELECT c.external_id, d.occurrence, s.position AS step, d.channel, to_json(coalesce((d.data ->> 'due_at')::timestamptz, d.created_at)) #>> '{}' AS due_at,
              to_json(d.next_attempt_at) #>> '{}' AS send_at, CASE WHEN d.reason LIKE 'postponed:%' THEN 'postponed' ELSE 'queued' END AS status,
              CASE WHEN d.reason LIKE 'postponed:%' THEN substr(d.reason, 12) END AS reason
       FROM deliveries d JOIN contacts c ON c.id = d.contact_id JOIN campaign_steps s ON s.id = d.step_id
       WHERE d.campaign_id = $1 AND d.state = ${sqlState(DeliveryState.Planned)} AND d.next_attempt_at <= $2
       ORDER BY d.next_attempt_at, d.id LIMIT ${UPCOMING_LIMIT}`,
      [campaignId, to],
    );
  }

  /**
   * The occurrences the trigger will produce, first 1,000 by due time. The frequency cap is read
   * for those only, once each: the candidates are cut first, then the cap is computed in its own
   * LATERAL (OFFSET 0 keeps PostgreSQL from copying its subqueries into each place the release and
   * the reason use it — ten ledger reads per candidate instead of two). Occurrences already handled
   * are dropped first, then reachability and the holdout checked per remaining candidate in a
   * LATERAL of their own: left to the planner, they were checked for every client of the base
   * before the trigger's dates cut it down (1.4 s for the birthday reminder's week on 60,000
   * clients, of whom 400 have their birthday).
   */
  private async coming(automation: AutomationRow, channel: string, at: Date, to: Date): Promise<UpcomingMessage[]> {
    const definition = automation.definition;
    const p = new Params();
    const aId = `${p.add(automation.id)}::uuid`;
    const source = await this.automations.candidates(automation, { from: at, to }, at, p);
    const reach = reachabilitySql(this.policy, {
      channel: channelOf(channel),
      purpose: 'marketing',
      flags: { professional: definition.professional, softOptIn: definition.soft_opt_in },
    });
    const scope = this.pressure.scope('automation', channel);
    const cap = this.pressure.capSql(scope, 'n.id', 'n.due_at');
    const { release, reason } = this.pressure.releaseAfterCap(scope, 'k.cap', 'n.due_at', this.pressure.zoneSql('n'));
    const pct = p.add(Number(definition.holdout_percent) / 100);
    return this.withoutJit(
      `SELECT n.external_id, n.occurrence, 1 AS step, ${p.add(channel)}::text AS channel, to_json(n.due_at) #>> '{}' AS due_at,
              to_json(h.release) #>> '{}' AS send_at, CASE WHEN h.reason IS NULL THEN 'scheduled' ELSE 'postponed' END AS status, h.reason
       FROM (
         SELECT c.id, c.external_id, c.timezone, cand.occurrence, cand.due_at
         FROM (
           SELECT due.* FROM (${source}) due
           WHERE NOT EXISTS (SELECT 1 FROM automation_occurrences o WHERE o.automation_id = ${aId} AND o.contact_id = due.contact_id AND o.occurrence = due.occurrence AND o.step_position = 1)
           OFFSET 0
         ) cand
         CROSS JOIN LATERAL (
           SELECT c.id, c.external_id, c.timezone FROM contacts c
           WHERE c.id = cand.contact_id AND ${reach} IS NULL AND NOT ${holdoutSql(aId, pct)} OFFSET 0
         ) c
         ORDER BY cand.due_at, c.id LIMIT ${UPCOMING_LIMIT}
       ) n
       CROSS JOIN LATERAL (SELECT ${cap} AS cap OFFSET 0) k
       CROSS JOIN LATERAL (SELECT ${release} AS release, ${reason} AS reason) h
       ORDER BY n.due_at, n.id`,
      p.values,
    );
  }

  /**
   * A query run without JIT compilation: the frequency cap's correlated subqueries make the
   * planner's estimate high enough to trigger it, and compiling costs far more (0.4 s for a
   * birthday automation on the 5,000-client demo) than running the query (as SegmentsService does).
   */
  private withoutJit<T>(sql: string, parameters: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      return manager.query<T>(sql, parameters);
    });
  }
}
