import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsentService } from '../consent.service';
import { CONTACT_CHANNELS, type ContactChannel } from '../consent.types';
import type { UnsubscribeTarget } from './unsubscribe-links';

export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

/** What the unsubscribe link and the preference centre do, recorded in the ledger with their proof. */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly consent: ConsentService,
    private readonly dataSource: DataSource,
  ) {}

  async exists(target: UnsubscribeTarget): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM contacts WHERE id = $1 AND erased_at IS NULL`, [
      target.contactId,
    ]);
    return rows.length > 0;
  }

  /**
   * The contact's consent states, read under a lock on the contact: the public links are posted
   * again and again (providers retry, people click twice, anyone can replay a link), and only
   * a change of state may add to the ledger.
   */
  private async lockedStates(manager: EntityManager, contactId: string) {
    await manager.query(`SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE`, [contactId]);
    return this.consent.states(contactId, manager);
  }

  /** One click: e-mail consent withdrawn and the address suppressed, at once; nothing more if it already was. */
  async unsubscribe(target: UnsubscribeTarget, origin: RequestOrigin, oneClick: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if ((await this.lockedStates(manager, target.contactId)).email === 'withdrawn') return;
      await this.consent.withdraw(
        target.contactId,
        'email',
        'unsubscribe_link',
        {
          source: oneClick ? 'list-unsubscribe-one-click' : 'unsubscribe-page',
          proof: { delivery_id: target.deliveryId ?? null, one_click: oneClick },
          ip: origin.ip,
          userAgent: origin.userAgent,
        },
        manager,
      );
    });
  }

  /** Ticked channels are granted (a specific act), unticked ones withdrawn; unchanged ones are left as they are. */
  async savePreferences(target: UnsubscribeTarget, chosen: Set<ContactChannel>, origin: RequestOrigin): Promise<void> {
    const proof = { delivery_id: target.deliveryId ?? null };
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockedStates(manager, target.contactId);
      for (const channel of CONTACT_CHANNELS) {
        if (chosen.has(channel) && current[channel] !== 'granted') {
          await this.consent.record(
            [
              {
                contactId: target.contactId,
                channel,
                status: 'granted',
                method: 'preference_centre',
                collectedAt: new Date(),
                source: 'preference-centre',
                wording: 'Préférences de contact : case cochée',
                proof,
                ip: origin.ip,
                userAgent: origin.userAgent,
                recordedBy: 'preference-centre',
              },
            ],
            manager,
          );
        } else if (!chosen.has(channel) && current[channel] !== 'withdrawn') {
          await this.consent.withdraw(
            target.contactId,
            channel,
            'preference_centre',
            { source: 'preference-centre', proof, ip: origin.ip, userAgent: origin.userAgent },
            manager,
          );
        }
      }
    });
  }

  async channelStates(target: UnsubscribeTarget): Promise<Record<ContactChannel, boolean>> {
    const states = await this.consent.states(target.contactId);
    return {
      email: states.email === 'granted',
      sms: states.sms === 'granted',
      phone: states.phone === 'granted',
      postal: states.postal !== 'withdrawn',
    };
  }
}
