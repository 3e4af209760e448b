import { decideOutcome, eventTransition, retryDelaySeconds, canTransition, DELIVERY_STATES } from './delivery-state';

const config = { retryBaseSeconds: 300, retryMaxSeconds: 4 * 3600, retryGiveUpHours: 96 };
const now = new Date('2026-11-25T10:00:00Z');
const email = { channel: 'email', purpose: 'marketing' as const, attempts: 1, createdAt: now };

describe('delivery outcomes', () => {
  it('sends marketing messages at most once', () => {
    expect(decideOutcome({ status: 'unknown', error: 'socket closed' }, email, now, config)).toMatchObject({
      state: 'unknown',
    });
    expect(
      decideOutcome({ status: 'unknown', error: 'x' }, { ...email, purpose: 'service' }, now, config),
    ).toMatchObject({ state: 'planned' });
    expect(
      decideOutcome({ status: 'unknown', error: 'x' }, { ...email, purpose: 'service', attempts: 2 }, now, config),
    ).toMatchObject({ state: 'unknown' });
  });

  it('retries temporary failures with backoff, and gives up after the window', () => {
    const first = decideOutcome({ status: 'retry', error: '421' }, email, now, config, 1);
    expect(first.state).toBe('planned');
    expect(first.nextAttemptAt!.getTime() - now.getTime()).toBe(300_000);
    const late = decideOutcome(
      { status: 'retry', error: '421' },
      { ...email, attempts: 30, createdAt: new Date(now.getTime() - 95 * 3_600_000) },
      now,
      config,
      1,
    );
    expect(late).toMatchObject({ state: 'expired' });
  });

  it('bounces with suppression on a hard bounce, pauses on a fatal error, delivers letters when sent', () => {
    expect(decideOutcome({ status: 'bounced', error: '550 5.1.1', hard: true }, email, now, config)).toMatchObject({
      state: 'bounced',
      suppress: 'hard_bounce',
    });
    expect(decideOutcome({ status: 'fatal', error: '535 auth' }, email, now, config)).toMatchObject({
      state: 'planned',
      pauseCampaign: '535 auth',
    });
    expect(decideOutcome({ status: 'sent' }, { ...email, channel: 'letter' }, now, config)).toMatchObject({
      state: 'delivered',
    });
    expect(decideOutcome({ status: 'sent' }, email, now, config)).toMatchObject({ state: 'delivered' });
    expect(decideOutcome({ status: 'sent' }, { ...email, channel: 'sms' }, now, config)).toMatchObject({
      state: 'sent',
    });
  });

  it('gives back a message not handed over, its attempt not counted: a campaign pauses, anything else waits its turn', () => {
    const campaign = { ...email, attempts: 2, pausable: true };
    expect(
      decideOutcome(
        { status: 'unreachable', error: 'relais SMTP injoignable : relay:25 connection refused' },
        campaign,
        now,
        config,
      ),
    ).toEqual({
      state: 'planned',
      reason: 'relais SMTP injoignable : relay:25 connection refused',
      nextAttemptAt: now,
      uncount: true,
      outage: 'relais SMTP injoignable : relay:25 connection refused',
    });
    const automation = decideOutcome(
      { status: 'unreachable', error: 'down' },
      { ...email, attempts: 2 },
      now,
      config,
      1,
    );
    expect(automation).toMatchObject({ state: 'planned', uncount: true, outage: 'down' });
    expect(automation.nextAttemptAt!.getTime() - now.getTime()).toBe(300_000);
    expect(
      decideOutcome(
        { status: 'unreachable', error: 'down' },
        { ...email, createdAt: new Date(now.getTime() - 96 * 3_600_000) },
        now,
        config,
      ),
    ).toMatchObject({ state: 'expired', uncount: true });
    expect(decideOutcome({ status: 'not_sent', error: 'stopping' }, campaign, now, config)).toEqual({
      state: 'planned',
      reason: 'stopping',
      nextAttemptAt: now,
      uncount: true,
    });
  });

  it('backs off exponentially with jitter and a cap', () => {
    expect(retryDelaySeconds(1, config, 1)).toBe(300);
    expect(retryDelaySeconds(2, config, 1)).toBe(900);
    expect(retryDelaySeconds(10, config, 1)).toBe(4 * 3600);
    expect(retryDelaySeconds(1, config, 0)).toBe(150);
  });

  it('allows only the transitions of the state machine', () => {
    expect(canTransition('planned', 'claimed')).toBe(true);
    expect(canTransition('sent', 'planned')).toBe(false);
    expect(canTransition('unknown', 'sending')).toBe(false);
  });

  it('moves deliveries on provider events only from the states the event can follow', () => {
    expect(eventTransition('delivered', 'sent')).toBe('delivered');
    expect(eventTransition('delivered', 'unknown')).toBe('delivered');
    expect(eventTransition('delivered', 'bounced')).toBeUndefined();
    expect(eventTransition('bounced', 'delivered')).toBe('bounced');
    expect(eventTransition('soft_bounce', 'sent')).toBe('bounced');
    expect(eventTransition('failed', 'delivered')).toBeUndefined();
    expect(eventTransition('complaint', 'delivered')).toBeUndefined();
    expect(eventTransition('complaint', 'sent')).toBe('delivered');
    // Nothing a provider says touches a message that has not left, or one already settled as refused.
    for (const state of ['planned', 'claimed', 'sending', 'suppressed', 'expired', 'failed'] as const) {
      for (const type of ['delivered', 'bounced', 'soft_bounce', 'failed', 'complaint'] as const)
        expect(eventTransition(type, state)).toBeUndefined();
    }
    for (const state of DELIVERY_STATES)
      for (const type of ['delivered', 'bounced'] as const) {
        const to = eventTransition(type, state);
        if (to) expect(canTransition(state, to)).toBe(true);
      }
  });
});
