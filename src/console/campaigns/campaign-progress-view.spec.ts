import { progressCounts, progressView, type CampaignProgress } from './campaign-progress-view';

const progress = (overrides: Partial<CampaignProgress>): CampaignProgress => ({
  id: 'c1',
  status: 'running',
  status_reason: null,
  steps: [{ position: 1, channel: 'email', status: 'planned', states: { planned: 5, sent: 3 } }],
  totals: { planned: 5, sent: 3 },
  ...overrides,
});

describe('Campagnes: live progress', () => {
  it('counts queued → sent → delivered, failures and what was set aside', () => {
    expect(
      progressCounts({
        planned: 4,
        claimed: 1,
        sending: 1,
        sent: 10,
        delivered: 20,
        bounced: 2,
        failed: 1,
        unknown: 3,
        suppressed: 2,
        expired: 1,
      }),
    ).toEqual({ queued: 6, sent: 36, delivered: 20, failed: 3, unknown: 3, setAside: 3, total: 45, done: 39 });
    expect(progressCounts({})).toEqual({
      queued: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      unknown: 0,
      setAside: 0,
      total: 0,
      done: 0,
    });
  });

  it('polls while a running campaign has messages queued or a step being dispatched', () => {
    expect(progressView(progress({})).polling).toBe(true);
    expect(
      progressView(
        progress({
          steps: [{ position: 1, channel: 'email', status: 'dispatching', states: { sent: 8 } }],
          totals: { sent: 8 },
        }),
      ).polling,
    ).toBe(true);
  });

  it('stops polling once nothing moves by itself: finished, paused, or only later steps left', () => {
    expect(progressView(progress({ status: 'completed', totals: { sent: 8 } })).polling).toBe(false);
    const paused = progressView(progress({ status: 'paused', status_reason: 'paused by a user' }));
    expect(paused).toMatchObject({ polling: false, status: 'En pause', statusReason: null });
    const onErrors = progressView(progress({ status: 'paused', status_reason: 'relay unreachable' }));
    expect(onErrors.statusReason).toBe('relay unreachable');
    const waiting = progressView(
      progress({
        steps: [
          { position: 1, channel: 'letter', status: 'dispatched', states: { delivered: 8 } },
          { position: 2, channel: 'phone', status: 'pending', states: {} },
        ],
        totals: { delivered: 8 },
      }),
    );
    expect(waiting.polling).toBe(false);
    expect(waiting.steps.map((step) => `${step.channel} ${step.stepStatus}`)).toEqual([
      'Courrier envoyée',
      'Téléphone à venir',
    ]);
    expect(waiting.status).toBe('En cours');
  });
});
