import { Inject, Injectable } from '@nestjs/common';
import { ContactsService } from '../contacts/contacts.service';
import { normaliseEmail } from '../contacts/normalisation/email';
import { FieldError } from '../contacts/normalisation/field-error';
import { normalisePhone } from '../contacts/normalisation/phone';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { ConsentEventsRepository } from './consent-events.repository';
import { ConsentService } from './consent.service';
import {
  CONTACT_CHANNELS,
  type ConsentMethod,
  type ContactChannel,
  type ContactDecision,
  type ContactPurpose,
  type LedgerChannel,
  type LegalBasis,
} from './consent.types';
import type { CampaignFlags } from './can-contact';
import { SuppressionService, type SuppressionChannel } from './suppression.service';
import type { SuppressionReason } from './can-contact';

/** What the consent API and CLI do, by external id; the rules themselves live in ConsentService and canContact. */
@Injectable()
export class ConsentApiService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly consent: ConsentService,
    private readonly events: ConsentEventsRepository,
    private readonly suppressions: SuppressionService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async record(
    input: {
      external_id: string;
      channel: string;
      status: string;
      method: string;
      legal_basis?: string;
      source?: string;
      wording?: string;
      collected_at?: string;
      ip?: string;
      user_agent?: string;
    },
    recordedBy: string,
  ): Promise<{ event_id: string; state: Record<LedgerChannel, string> }> {
    const contact = await this.contacts.get(input.external_id);
    const [id] = await this.consent.record([
      {
        contactId: contact.id,
        channel: input.channel as LedgerChannel,
        status: input.status as 'granted' | 'withdrawn',
        method: input.method as ConsentMethod,
        legalBasis: (input.legal_basis ?? (input.status === 'withdrawn' ? 'objection' : 'consent')) as LegalBasis,
        source: input.source,
        wording: input.wording,
        collectedAt: input.collected_at ? new Date(input.collected_at) : new Date(),
        ip: input.ip,
        userAgent: input.user_agent,
        recordedBy,
      },
    ]);
    return { event_id: id, state: await this.consent.states(contact.id) };
  }

  async show(externalId: string, purpose: ContactPurpose = 'marketing', flags: CampaignFlags = {}) {
    const contact = await this.contacts.get(externalId);
    const decisions = {} as Record<ContactChannel, ContactDecision | undefined>;
    for (const channel of CONTACT_CHANNELS)
      decisions[channel] = await this.consent.evaluateOne(contact.id, channel, purpose, new Date(), { flags });
    return {
      external_id: externalId,
      policy: this.consent.policy.name,
      states: await this.consent.states(contact.id),
      decisions,
      history: await this.events.history(contact.id),
    };
  }

  async suppress(
    input: { channel: string; address: string; reason?: string },
    source: string,
  ): Promise<{ added: boolean }> {
    const channel = input.channel as SuppressionChannel;
    let value: string;
    try {
      value =
        channel === 'email' ? normaliseEmail(input.address) : normalisePhone(input.address, this.config.defaultCountry);
    } catch (error) {
      if (error instanceof FieldError)
        throw DomainError.invalid('consent.invalid_address', `address: ${error.message}`, {
          fields: [{ field: 'address', reason: error.message }],
        });
      throw error;
    }
    const added = await this.suppressions.add([
      { channel, value, reason: (input.reason ?? 'manual') as SuppressionReason, source },
    ]);
    return { added: added > 0 };
  }
}
