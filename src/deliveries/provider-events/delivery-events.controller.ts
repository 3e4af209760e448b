import { Controller, Headers, HttpCode, Inject, Post, Req, Res, UseGuards, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DeliveryEvent } from '../../channels/channel.types';
import { parseDeliveryEvents, type StatusMap } from '../../channels/events/delivery-event-payload';
import { verifyWebhookSignature } from '../../channels/events/webhook-signature';
import { Public } from '../../core/auth/auth.decorators';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError } from '../../core/errors/domain-error';
import { RateLimit } from '../../core/http/rate-limits';
import { WebhookSecretGuard } from '../../core/http/webhook-secret.guard';
import { DeliveryEventsService, type EventResult } from './delivery-events.service';

const EVENT_SCHEMA = {
  type: 'object',
  properties: {
    delivery_id: { type: 'string', example: '1234' },
    message_id: { type: 'string', example: '<d1234.1a2b3c4d@maison-atlas.fr>' },
    provider_id: { type: 'string' },
    recipient: { type: 'string', example: 'ines@exemple.fr' },
    type: { type: 'string', enum: ['delivered', 'bounced', 'soft_bounce', 'complaint', 'failed'] },
    reason: { type: 'string', example: '550 5.1.1 user unknown' },
    at: { type: 'string', format: 'date-time' },
    event_id: { type: 'string', description: 'the provider’s id of this event, if any' },
  },
  required: ['type'],
};

/**
 * Provider webhooks that report what became of messages. The generic endpoint is signed
 * (HMAC-SHA256 of the raw body under RELANCE_WEBHOOK_SECRET, optionally with a timestamp
 * against replays); the SMS receipts endpoint takes the shared secret header that SMS gateways
 * can be configured to send, like the inbound-SMS webhook. Both go through the same service.
 */
@ApiTags('webhooks')
@Public()
@RateLimit('webhook')
@Controller('webhooks')
export class DeliveryEventsController {
  constructor(
    private readonly events: DeliveryEventsService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Post('delivery-events')
  @HttpCode(200)
  @ApiHeader({
    name: 'X-Relance-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>", or of the raw body when no timestamp is sent>',
  })
  @ApiHeader({
    name: 'X-Relance-Timestamp',
    required: false,
    description: 'Unix seconds; refused when more than 5 minutes away from now',
  })
  @ApiBody({ schema: { oneOf: [EVENT_SCHEMA, { type: 'array', items: EVENT_SCHEMA }] } })
  async deliveryEvents(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-relance-signature') signature: string | undefined,
    @Headers('x-relance-timestamp') timestamp: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const secret = this.secret();
    const raw = rawJson(request);
    const check = verifyWebhookSignature(secret, raw, { signature, timestamp });
    if (!check.ok)
      throw new DomainError('webhooks.bad_signature', 'unauthorized', `delivery events refused: ${check.reason}`);
    return this.apply(parseJson(raw), {}, 'delivery-webhook', response);
  }

  @Post('sms/receipts')
  @HttpCode(200)
  @UseGuards(WebhookSecretGuard)
  @ApiHeader({ name: 'X-Webhook-Secret', required: true })
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'one receipt or an array: {id (the provider’s message id) | reference (our delivery id), status, reason, at}; statuses mapped by RELANCE_SMS_STATUS_MAP',
    },
  })
  async smsReceipts(@Req() request: RawBodyRequest<Request>, @Res({ passthrough: true }) response: Response) {
    return this.apply(parseJson(rawJson(request)), this.config.sms.statusMap, 'sms-receipt', response);
  }

  /** Answers 503 with Retry-After when an event named a message still being handed over: the retry applies it. */
  private async apply(body: unknown, statusMap: StatusMap, source: string, response: Response) {
    const parsed = parseDeliveryEvents(body, { statusMap });
    if ('problems' in parsed) {
      throw DomainError.invalid(
        'webhooks.invalid_events',
        `invalid delivery events: ${parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
        { fields: parsed.problems },
      );
    }
    const summary = summarise(parsed.events, await this.events.apply(parsed.events, source));
    if (summary.in_flight) response.status(503).setHeader('Retry-After', '30');
    return summary;
  }

  private secret(): string {
    if (!this.config.webhookSecret)
      throw DomainError.unavailable('webhooks.disabled', 'webhooks are disabled: set RELANCE_WEBHOOK_SECRET');
    return this.config.webhookSecret;
  }
}

function rawJson(request: RawBodyRequest<Request>): Buffer {
  if (!request.is('application/json') || !request.rawBody) {
    throw DomainError.invalid(
      'webhooks.not_json',
      'send the events as a JSON body with Content-Type: application/json',
    );
  }
  return request.rawBody;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw DomainError.invalid('webhooks.bad_json', `the body is not valid JSON (${(error as Error).message})`);
  }
}

function summarise(events: DeliveryEvent[], results: EventResult[]) {
  const count = (outcome: EventResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    received: events.length,
    applied: count('applied'),
    unchanged: count('unchanged'),
    duplicates: count('duplicate'),
    unknown_delivery: count('unknown_delivery'),
    in_flight: count('in_flight'),
    results,
  };
}
