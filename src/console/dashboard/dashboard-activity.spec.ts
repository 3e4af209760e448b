import { dueComplaints, runningCampaign, runningCampaigns, upcomingSends } from './dashboard-activity';

const PARIS = 'Europe/Paris';
const NNBSP = '\u202f';
const NBSP = '\u00a0';

const campaign = (overrides: Partial<Parameters<typeof runningCampaign>[0]> = {}) => ({
  id: 'c1',
  name: 'Printemps',
  status: 'running',
  status_reason: null,
  launched_at: new Date('2026-12-07T09:00:00Z'),
  totals: { planned: 60, claimed: 5, sending: 5, sent: 20, delivered: 6, bounced: 1, failed: 2, suppressed: 1 },
  steps: [{ status: 'planned' }],
  ...overrides,
});

describe('dashboard activity', () => {
  it('counts a running campaign the way its delivery states are defined (queued, handed over, not received)', () => {
    expect(runningCampaign(campaign(), PARIS)).toEqual({
      id: 'c1',
      name: 'Printemps',
      href: '/campagnes/c1',
      status: 'running',
      statusLabel: 'en cours',
      statusReason: null,
      launchedAt: '7 déc. 2026, 10:00',
      total: 100,
      sent: 29,
      queued: 70,
      delivered: 6,
      failed: 3,
      dropped: 1,
      done: 30,
      donePercent: `30${NBSP}%`,
      sending: true,
    });
  });

  it('polls while a campaign sends, not for a paused one nor one waiting for its next step', () => {
    const paused = campaign({ id: 'c2', status: 'paused', status_reason: 'paused by a user' });
    const waiting = campaign({
      id: 'c3',
      totals: { sent: 10 },
      steps: [{ status: 'dispatched' }, { status: 'pending' }],
    });
    expect(runningCampaigns([paused, waiting], PARIS)).toMatchObject({
      live: false,
      campaigns: [
        { statusLabel: 'en pause', sending: false },
        { sending: false, donePercent: `100${NBSP}%` },
      ],
    });
    expect(runningCampaigns([paused, campaign()], PARIS).live).toBe(true);
    expect(runningCampaigns([], PARIS)).toEqual({ live: false, campaigns: [] });
    expect(runningCampaign(campaign({ totals: {} }), PARIS)).toMatchObject({ total: 0, donePercent: '–' });
  });

  it("sums up each automation's next seven days, says when the listing was cut and shows a paused one sending nothing", () => {
    const rows = upcomingSends(
      [
        {
          automation: { id: 'a1', name: 'Anniversaire', status: 'active', status_reason: null },
          upcoming: {
            total: 1200,
            messages: [
              { send_at: '2026-12-08T08:30:00.000Z', status: 'scheduled' },
              { send_at: '2026-12-08T09:00:00.000Z', status: 'postponed' },
            ],
          },
        },
        {
          automation: { id: 'a2', name: 'Relance', status: 'paused', status_reason: 'paused by a user' },
          upcoming: null,
        },
        {
          automation: { id: 'a3', name: 'Carte', status: 'active', status_reason: null },
          upcoming: { total: 0, messages: [] },
        },
      ],
      PARIS,
      1000,
    );
    expect(rows).toEqual([
      {
        id: 'a1',
        name: 'Anniversaire',
        href: '/automatisations/a1',
        paused: false,
        statusReason: null,
        total: `1${NNBSP}200`,
        atLeast: true,
        postponed: '1',
        firstSendAt: '8 déc. 2026, 09:30',
      },
      expect.objectContaining({ paused: true, total: null, postponed: null, firstSendAt: null }),
      expect.objectContaining({ total: '0', atLeast: false, firstSendAt: null }),
    ]);
  });

  it('lists the complaints due with a link each, and how many more there are', () => {
    const complaint = {
      reference: 'REC-2026-000001',
      external_id: 'C1',
      subject: 'Livraison',
      status: 'acknowledged',
      urgent: true,
      important: false,
      owner: null,
      received_at: new Date('2026-11-20T10:00:00Z'),
      due_at: new Date('2026-11-27T10:00:00Z'),
    };
    const view = dueComplaints(
      { overdue: { count: 12, complaints: [complaint] }, today: { count: 0, complaints: [] } },
      PARIS,
    );
    expect(view.overdue).toEqual({
      count: 12,
      countText: '12',
      href: '/reclamations?echeance=depassee',
      more: 11,
      complaints: [
        {
          reference: 'REC-2026-000001',
          href: '/reclamations/REC-2026-000001',
          subject: 'Livraison',
          externalId: 'C1',
          owner: null,
          priority: 'urgente',
          dueAt: '27 nov. 2026, 11:00',
        },
      ],
    });
    expect(view.today).toMatchObject({ count: 0, more: 0, complaints: [] });
  });
});
