import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { CONSENT_POLICY, type ConsentPolicy } from '../../consent/consent-policy';

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
      this.logger.warn(`RELANCE_TRACKING=on: the ${this.policy.name} consent policy requires consent for tracking, so only contacts who granted it are tracked`);
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
      ? await manager.query(
        // Driven by the batch's ids, one primary-key probe each: planned that way whatever the
        // statistics say (a table never analysed after a big import made it scan every consent).
        `SELECT c.id::text AS id FROM unnest($1::bigint[]) AS c (id)
         JOIN consent_states s ON s.contact_id = c.id AND s.channel = 'tracking'
         WHERE s.status = 'granted' AND s.method = ANY($2::text[])`,
        [contactIds, this.policy.acceptedMethods],
      )
      : await manager.query(
        `SELECT c.id::text AS id FROM unnest($1::bigint[]) AS c (id)
         WHERE NOT EXISTS (SELECT 1 FROM consent_states s WHERE s.contact_id = c.id AND s.channel = 'tracking' AND s.status = 'withdrawn')`,
        [contactIds],
      );
    return new Set(rows.map((row) => row.id));
  }
}
