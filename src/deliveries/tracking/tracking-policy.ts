import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { CONSENT_POLICY, type ConsentPolicy } from '../../consent/consent-policy';

/**
 * Which of the ids ($1) granted tracking by an accepted method ($2), or did not refuse it. One
 * primary-key probe per id whatever the statistics say: a LATERAL subquery with a LIMIT cannot
 * be turned into a join or a hashed subplan, which the planner picks for a table it believes
 * small (never analysed after a big import: 30,000 consents read for 64 ids).
 */
export const TRACKING_GRANTED_SQL = `SELECT c.id::text AS id FROM unnest($1::bigint[]) AS c (id)
  CROSS JOIN LATERAL (
    SELECT 1 FROM consent_states s
    WHERE s.contact_id = c.id AND s.channel = 'tracking' AND s.status = 'granted' AND s.method = ANY($2::text[])
    LIMIT 1
  ) granted`;

export const TRACKING_NOT_REFUSED_SQL = `SELECT c.id::text AS id FROM unnest($1::bigint[]) AS c (id)
  LEFT JOIN LATERAL (
    SELECT 1 AS found FROM consent_states s WHERE s.contact_id = c.id AND s.channel = 'tracking' AND s.status = 'withdrawn' LIMIT 1
  ) objection ON true
  WHERE objection.found IS NULL`;

/**
 * Who may be tracked (open pixel, click redirect). Per-person tracking is a purpose of its own
 * in the consent ledger (channel `tracking`): the CNIL treats a tracking pixel in an e-mail as
 * reading the terminal's information, which needs consent; so does the default mode. See
 * RELANCE_TRACKING in the README. Service messages are never tracked.
 */
@Injectable()
export class TrackingPolicy implements OnModuleInit {
  private readonly logger = new Logger('Tracking');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
  ) {}

  onModuleInit(): void {
    if (this.config.tracking === 'on' && this.policy.trackingRequiresConsent) {
      this.logger.warn(
        `RELANCE_TRACKING=on: the ${this.policy.name} consent policy requires consent for tracking, so only contacts who granted it are tracked`,
      );
    }
  }

  /** Whether any message of this purpose may be tracked at all (decides whether the tracked variant is prepared). */
  enabledFor(purpose: 'marketing' | 'service'): boolean {
    return purpose === 'marketing' && this.config.tracking !== 'off';
  }

  /** Whether tracking needs a granted `tracking` consent (else: everyone who has not objected). */
  get requiresConsent(): boolean {
    return this.config.tracking === 'consent' || this.policy.trackingRequiresConsent;
  }

  /** The contacts among these whose messages may carry the pixel and tracked links. One query. */
  async allowed(contactIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (this.config.tracking === 'off' || !contactIds.length) return new Set();
    const rows: Array<{ id: string }> = this.requiresConsent
      ? await manager.query(TRACKING_GRANTED_SQL, [contactIds, this.policy.acceptedMethods])
      : await manager.query(TRACKING_NOT_REFUSED_SQL, [contactIds]);
    return new Set(rows.map((row) => row.id));
  }
}
