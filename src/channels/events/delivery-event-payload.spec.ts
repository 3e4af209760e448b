import { DEFAULT_SMS_STATUS_MAP, parseDeliveryEvents, parseStatusMap } from './delivery-event-payload';

describe('delivery event payloads', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('reads one event or an array, with every way of naming the message', () => {
    expect(parseDeliveryEvents({ delivery_id: '42', type: 'delivered', at: '2026-11-24T09:00:00Z' }, { now })).toEqual({
      events: [
        {
          deliveryId: '42',
          type: 'delivered',
          at: new Date('2026-11-24T09:00:00Z'),
          eventId: undefined,
          messageId: undefined,
          providerId: undefined,
          recipient: undefined,
          reason: undefined,
        },
      ],
    });
    const parsed = parseDeliveryEvents(
      [
        { message_id: '<d1.abc@x.fr>', type: 'bounced', recipient: 'a@b.fr', reason: '550 5.1.1 user unknown' },
        { provider_id: 'sg-1', type: 'COMPLAINT', at: Math.floor(now.getTime() / 1000) - 60, event_id: 'e-1' },
      ],
      { now },
    );
    expect(parsed).toMatchObject({
      events: [
        { messageId: '<d1.abc@x.fr>', type: 'bounced', recipient: 'a@b.fr', reason: '550 5.1.1 user unknown', at: now },
        { providerId: 'sg-1', type: 'complaint', eventId: 'e-1', at: new Date(now.getTime() - 60_000) },
      ],
    });
  });

  it('maps SMS gateway receipts through the status map and the usual aliases', () => {
    expect(
      parseDeliveryEvents(
        { id: 'msg-9', reference: '17', status: 'DELIVRD' },
        { now, statusMap: DEFAULT_SMS_STATUS_MAP },
      ),
    ).toMatchObject({
      events: [{ providerId: 'msg-9', deliveryId: '17', type: 'delivered' }],
    });
    expect(parseDeliveryEvents({ id: 'msg-9', status: 'DELIVRD' }, { now })).toMatchObject({
      problems: [{ field: 'type' }],
    });
  });

  it('names every bad field, with its index in an array', () => {
    const parsed = parseDeliveryEvents(
      [
        { delivery_id: '1', type: 'delivered' },
        { delivery_id: 'abc', type: 'opened', at: 'yesterday' },
        { type: 'bounced' },
        'nonsense',
        { delivery_id: '3', type: 'failed', at: '2020-01-01T00:00:00Z' },
      ],
      { now },
    );
    expect(parsed).toEqual({
      problems: [
        { field: '[1].delivery_id', reason: 'must be a relance delivery id (digits)' },
        {
          field: '[1].type',
          reason: expect.stringContaining('must be one of delivered, bounced, soft_bounce, complaint, failed'),
        },
        { field: '[1].at', reason: 'must be an ISO-8601 date-time or a Unix timestamp' },
        { field: '[2].delivery_id', reason: expect.stringContaining('names no message') },
        { field: '[3]', reason: 'must be a JSON object' },
        { field: '[4].at', reason: 'is more than 90 days old' },
      ],
    });
    expect(parseDeliveryEvents([], { now })).toMatchObject({ problems: [{ field: 'body' }] });
    expect(parseDeliveryEvents({ delivery_id: '1', type: 'delivered', reason: 'a\r\nb' }, { now })).toMatchObject({
      problems: [{ field: 'reason' }],
    });
  });

  it('parses RELANCE_SMS_STATUS_MAP and says what is wrong with it', () => {
    expect(parseStatusMap('DELIVRD=delivered, Failed_X=failed')).toEqual({ delivrd: 'delivered', failed_x: 'failed' });
    expect(parseStatusMap('DELIVRD=ok')).toBe(
      '"DELIVRD=ok" must look like STATUS=delivered|bounced|soft_bounce|complaint|failed',
    );
  });
});
