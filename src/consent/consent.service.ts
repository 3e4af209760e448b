import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { canContact, type CampaignFlags, type ContactFacts, type SuppressionReason } from './can-contact';
import { ConsentEventsRepository, type NewConsentEvent } from './consent-events.repository';
import { CONSENT_POLICY, type ConsentPolicy } from './consent-policy';
import type {
  ConsentMethod,
  ConsentStatus,
  ContactChannel,
  ContactDecision,
  ContactPurpose,
  LedgerChannel,
  LegalBasis,
} from './consent.types';
import { SuppressionService, type SuppressionChannel } from './suppression.service';

export interface EvaluationOptions {
  flags?: CampaignFlags;
  /** Run inside the caller's transaction (e.g. the delivery claim), on its connection. */
  manager?: EntityManager;
}

/** The consent state columns: all null when the ledger holds nothing for the channel, all set otherwise. */
type StateColumns =
  | { status: null; legal_basis: null; method: null; collected_at: null }
  | { status: ConsentStatus; legal_basis: LegalBasis; method: ConsentMethod; collected_at: Date };

type FactsRow = StateColumns & {
  id: string;
  type: 'person' | 'company';
  email: string | null;
  phone: string | null;
  postal: boolean;
  erased: boolean;
  customer: boolean;
  timezone: string | null;
  country: string | null;
  suppressions: SuppressionReason[] | null;
  calls: number;
};

const SUPPRESSION_OF: Record<ContactChannel, { channel: SuppressionChannel; hash: string } | undefined> = {
  email: { channel: 'email', hash: 'email_hash' },
  sms: { channel: 'sms', hash: 'phone_hash' },
  phone: { channel: 'phone', hash: 'phone_hash' },
  postal: undefined,
};

/** Consent operations and the per-message decision, on top of the ledger and the suppression list. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: ConsentEventsRepository,
    private readonly suppressions: SuppressionService,
    @Inject(CONSENT_POLICY) readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  record(events: NewConsentEvent[], manager?: EntityManager): Promise<string[]> {
    return this.events.append(events, manager);
  }

  /**
   * Decides for each contact whether it may be reached now, reading everything in one query.
   * Contacts that do not exist are absent from the result.
   */
  async evaluate(
    contactIds: string[],
    channel: ContactChannel,
    purpose: ContactPurpose,
    at: Date,
    options: EvaluationOptions = {},
  ): Promise<Map<string, ContactDecision>> {
    const decisions = new Map<string, ContactDecision>();
    if (!contactIds.length) return decisions;
    const manager = options.manager ?? this.dataSource.manager;
    const suppression = SUPPRESSION_OF[channel];
    const ledgerChannel: LedgerChannel = channel;
    const rows = await manager.query<FactsRow[]>(
      `SELECT c.id::text AS id, c.type, c.email, c.phone,
              (c.address_line1 IS NOT NULL AND c.postal_code IS NOT NULL AND c.city IS NOT NULL) AS postal,
              c.erased_at IS NOT NULL AS erased,
              EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id) AS customer,
              c.timezone, c.country, cs.status, cs.legal_basis, cs.method, cs.collected_at,
              ${suppression ? `(SELECT array_agg(s.reason) FROM suppressions s WHERE s.channel = $3 AND s.value_hash = c.${suppression.hash})` : 'NULL'} AS suppressions,
              ${channel === 'phone' ? `(SELECT count(*)::int FROM deliveries d WHERE d.contact_id = c.id AND d.channel = 'phone' AND d.purpose = 'marketing' AND d.sent_at > now() - interval '30 days')` : '0'} AS calls
       FROM contacts c
       LEFT JOIN consent_states cs ON cs.contact_id = c.id AND cs.channel = $2
       WHERE c.id = ANY($1::bigint[])`,
      suppression ? [contactIds, ledgerChannel, suppression.channel] : [contactIds, ledgerChannel],
    );
    for (const row of rows) {
      const contact: ContactFacts = {
        type: row.type,
        email: row.email,
        phone: row.phone,
        hasPostalAddress: row.postal,
        erased: row.erased,
        isCustomer: row.customer,
        timezone: row.timezone ?? this.timezoneFor(row.country),
      };
      const state = row.status
        ? { status: row.status, legalBasis: row.legal_basis, method: row.method, collectedAt: row.collected_at }
        : undefined;
      decisions.set(
        row.id,
        canContact(
          this.policy,
          contact,
          channel,
          purpose,
          at,
          { state, suppressions: row.suppressions ?? [], callsLast30Days: row.calls },
          options.flags,
        ),
      );
    }
    return decisions;
  }

  async evaluateOne(
    contactId: string,
    channel: ContactChannel,
    purpose: ContactPurpose,
    at: Date,
    options?: EvaluationOptions,
  ): Promise<ContactDecision | undefined> {
    return (await this.evaluate([contactId], channel, purpose, at, options)).get(contactId);
  }

  /**
   * Records an objection on a channel and, for e-mail and SMS, puts the address on the
   * suppression list, so that it stays unreachable even if the contact is re-imported or erased.
   */
  /**
   * Records a withdrawal and suppresses the address. With a `dedupeKey` (the provider's message
   * id of a STOP, say) a replay records nothing: returns false when the event was already there.
   */
  async withdraw(
    contactId: string,
    channel: LedgerChannel,
    method: ConsentMethod,
    details: {
      source?: string;
      proof?: Record<string, unknown>;
      ip?: string | null;
      userAgent?: string | null;
      recordedBy?: string;
      dedupeKey?: string;
    },
    manager?: EntityManager,
  ): Promise<boolean> {
    const run = async (tx: EntityManager) => {
      const added = await this.events.append(
        [
          {
            contactId,
            channel,
            status: 'withdrawn',
            method,
            legalBasis: 'objection',
            collectedAt: new Date(),
            source: details.source ?? null,
            proof: details.proof,
            ip: details.ip,
            userAgent: details.userAgent,
            recordedBy: details.recordedBy ?? method,
            dedupeKey: details.dedupeKey,
          },
        ],
        tx,
      );
      if (!added.length) return false;
      if (channel === 'email' || channel === 'sms') {
        const [contact] = await tx.query<Array<{ email: string | null; phone: string | null } | undefined>>(
          `SELECT email, phone FROM contacts WHERE id = $1`,
          [contactId],
        );
        const value = channel === 'email' ? contact?.email : contact?.phone;
        if (value)
          await this.suppressions.add(
            [{ channel, value, reason: 'unsubscribed', source: details.source ?? method }],
            tx,
          );
      }
      return true;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Current state of every channel for one contact (the preference centre). */
  async states(
    contactId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Record<LedgerChannel, 'granted' | 'withdrawn' | 'none'>> {
    const rows = await manager.query<Array<{ channel: LedgerChannel; status: ConsentStatus }>>(
      `SELECT channel, status FROM consent_states WHERE contact_id = $1`,
      [contactId],
    );
    const states: Record<LedgerChannel, ConsentStatus | 'none'> = {
      email: 'none',
      sms: 'none',
      phone: 'none',
      postal: 'none',
      tracking: 'none',
    };
    for (const row of rows) states[row.channel] = row.status;
    return states;
  }

  private timezoneFor(country: string | null): string {
    if (country === 'MA') return 'Africa/Casablanca';
    if (country === 'FR') return 'Europe/Paris';
    return this.config.defaultTimezone;
  }
}
