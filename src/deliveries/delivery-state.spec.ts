import { decideOutcome, retryDelaySeconds, canTransition } from './delivery-state';

const config = { retryBaseSeconds: 300, retryMaxSeconds: 4 * 3600, retryGiveUpHours: 96 };
const now = new Date('2026-11-25T10:00:00Z');
const email = { channel: 'email', purpose: 'marketing' as const, attempts: 1, createdAt: now };

describe('delivery outcomes', () => {
  it('sends marketing messages at most once', () => {
    expect(decideOutcome({ status: 'unknown', error: 'socket closed' }, email, now, config)).toMatchObject({ state: 'unknown' });
    expect(decideOutcome({ status: 'unknown', error: 'x' }, { ...email, purpose: 'service' }, now, config)).toMatchObject({ state: 'planned' });
    expect(decideOutcome({ status: 'unknown', error: 'x' }, { ...email, purpose: 'service', attempts: 2 }, now, config)).toMatchObject({ state: 'unknown' });
  });

  it('retries temporary failures with backoff, and gives up after the window', () => {
    const first = decideOutcome({ status: 'retry', error: '421' }, email, now, config, 1);
    expect(first.state).toBe('planned');
    expect(first.nextAttemptAt!.getTime() - now.getTime()).toBe(300_000);
    const late = decideOutcome({ status: 'retry', error: '421' }, { ...email, attempts: 30, createdAt: new Date(now.getTime() - 95 * 3_600_000) }, now, config, 1);
    expect(late).toMatchObject({ state: 'expired' });
  });

  it('bounces with suppression on a hard bounce, pauses on a fatal error, delivers letters when sent', () => {
    expect(decideOutcome({ status: 'bounced', error: '550 5.1.1', hard: true }, email, now, config)).toMatchObject({ state: 'bounced', suppress: 'hard_bounce' });
    expect(decideOutcome({ status: 'fatal', error: '535 auth' }, email, now, config)).toMatchObject({ state: 'planned', pauseCampaign: '535 auth' });
    expect(decideOutcome({ status: 'sent' }, { ...email, channel: 'letter' }, now, config)).toMatchObject({ state: 'delivered' });
    expect(decideOutcome({ status: 'sent' }, email, now, config)).toMatchObject({ state: 'delivered' });
    expect(decideOutcome({ status: 'sent' }, { ...email, channel: 'sms' }, now, config)).toMatchObject({ state: 'sent' });
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
});
