import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ResponseLinks } from '../../core/security/response-links';
import { resolveTrackedHref } from '../../templates/email/tracked-links';
import { classifyRequest } from './automated-requests';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ResponseObservedEvent, type ObservedResponse } from '../events/response-observed.event';
import { TemplateLinksRepository } from './template-links.repository';
import { TrackingTokens } from './tracking-tokens';

export interface TrackingRequest {
  userAgent?: string;
  ip?: string;
  /** HEAD requests come from scanners and link checkers, never from a person reading. */
  method: string;
  at?: Date;
}

export type ClickOutcome = { ok: true; url: string } | { ok: false; reason: 'invalid_token' | 'unknown_link' };

const secondsBetween = (from: Date | null, to: Date) =>
  from ? (to.getTime() - new Date(from).getTime()) / 1000 : undefined;

/**
 * Opens (pixel) and clicks (redirect) recorded as responses of their delivery. One open per
 * delivery counts (distinct openers), automated ones apart; a person's click implies an open
 * (the images may have been blocked). The redirect goes only to a link stored with the template
 * version the message was sent with.
 */
@Injectable()
export class TrackingEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TrackingTokens,
    private readonly links: TemplateLinksRepository,
    private readonly events: EventEmitter2,
    private readonly responseLinks: ResponseLinks,
  ) {}

  /** Waits for the responses layer to record it: the pixel and the redirect answer only after. */
  private async observed(response: ObservedResponse): Promise<void> {
    await this.events.emitAsync(ResponseObservedEvent.event, new ResponseObservedEvent(response));
  }

  private classify(request: TrackingRequest, sentAt: Date | null) {
    const at = request.at ?? new Date();
    if (request.method === 'HEAD') return { at, automated: true, via: 'scanner' as const };
    return { at, ...classifyRequest(request.userAgent, request.ip, secondsBetween(sentAt, at)) };
  }

  /** Records an open; false when the token is not genuine (or the message is gone). */
  async open(token: string, request: TrackingRequest): Promise<boolean> {
    const parsed = this.tokens.parseOpen(token);
    if (!parsed) return false;
    const [delivery]: Array<{ sent_at: Date | null }> = await this.dataSource.query(
      `SELECT sent_at FROM deliveries WHERE id = $1 AND channel = 'email'`,
      [parsed.deliveryId],
    );
    if (!delivery) return false;
    const { at, automated, via } = this.classify(request, delivery.sent_at);
    await this.observed({
      kind: 'open',
      deliveryId: parsed.deliveryId,
      automated,
      details: via ? { via } : {},
      source: 'pixel',
      receivedAt: at,
    });
    return true;
  }

  async click(token: string, request: TrackingRequest): Promise<ClickOutcome> {
    const parsed = this.tokens.parseClick(token);
    if (!parsed) return { ok: false, reason: 'invalid_token' };
    const target = await this.links.target(parsed.deliveryId, parsed.position);
    const url = target && resolveTrackedHref(target.href, { responseUrl: this.responseLinks.url(target.responseCode) });
    if (!target || !url) return { ok: false, reason: 'unknown_link' };
    const { at, automated, via } = this.classify(request, target.sentAt);
    await this.observed({
      kind: 'click',
      deliveryId: target.deliveryId,
      value: String(parsed.position),
      automated,
      details: { url, ...(via ? { via } : {}) },
      source: 'redirect',
      receivedAt: at,
    });
    if (!automated) {
      await this.observed({
        kind: 'open',
        deliveryId: target.deliveryId,
        details: { implied_by: 'click' },
        source: 'redirect',
        receivedAt: at,
      });
    }
    return { ok: true, url };
  }
}
