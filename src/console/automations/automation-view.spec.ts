import type { AutomationDefinition } from '../../automations/automation-definition';
import type { AutomationListItem } from '../../automations/automations.service';
import type { AutomationReport } from '../../reports/automation-report.service';
import { actorText, historyRows } from './automation-history';
import {
  audienceText,
  automationRow,
  liftSentence as sentence,
  pauseReasonText,
  reportView,
  stepsView,
} from './automation-view';

function report(overrides: Partial<AutomationReport> = {}): AutomationReport {
  const group = { contacts: 0, buyers: 0, revenue: 0, revenue_by_currency: {} };
  return {
    id: 'c1',
    name: 'Anniversaire',
    status: 'running',
    status_reason: null,
    audience: {
      segment: 120,
      excluded: { no_consent: 4, suppressed: 0, invalid_address: 1, frequency_cap: 0 },
      holdout: 10,
      targeted: 105,
    },
    messages: { queued: 2, sent: 100, delivered: 96, bounced: 3, failed: 1, unknown: 0 },
    responses: {
      opened: 50,
      clicked: 20,
      replied: 0,
      coupons: 0,
      calls_positive: 0,
      surveys: 0,
      unsubscribed: 1,
      complaints: 0,
      responders: 24,
      opened_by_people: 40,
      clicked_by_people: 18,
    },
    conversions: {
      treatment: { ...group, contacts: 105, buyers: 21, conversion_rate: 20, revenue: 8400, revenue_per_contact: 80 },
      holdout: { ...group, contacts: 10, buyers: 1, conversion_rate: 10, revenue: 300, revenue_per_contact: 30 },
    },
    rates: {
      delivery: 96,
      bounce: 3,
      open: 52.08,
      click: 20.83,
      response: 22.86,
      conversion: 20,
      unsubscribe: 1.04,
      open_by_people: 41.67,
      click_by_people: 18.75,
      open_excluding_automated: 41.67,
      click_excluding_automated: 18.75,
    },
    cost: 10,
    revenue: 8400,
    gross_margin: 8400,
    profit: 8390,
    roi: 839,
    cost_per_response: 0.42,
    incremental_revenue: 5250,
    incremental_profit: 5240,
    incremental_roi: 524,
    lift: 1,
    lift_confidence: { low: 0.2, high: 3.1, significant: true, note: 'lift significant at 95 %' },
    currency: 'MAD',
    revenue_by_currency: { MAD: 8400 },
    left_out: {
      currencies: [],
      treatment: { purchases: 0, revenue_by_currency: {} },
      holdout: { purchases: 0, revenue_by_currency: {} },
      note: null,
    },
    by_channel: { email: { sent: 100, cost: 10 } },
    automation_id: 'a1',
    occurrences: { skipped: 3, queued: 105, holdout: 10, excluded: 5 },
    postponed: 2,
    ...overrides,
  };
}

const item: AutomationListItem = {
  id: 'a1',
  name: '<img src=x onerror=alert(1)>',
  status: 'active',
  status_reason: null,
  trigger: { type: 'birthday', local_time: '09:30' },
  campaign_id: 'c1',
  last_tick_at: null,
  created_at: new Date('2026-01-01T00:00:00Z'),
  sent: 100,
  failed: 1,
};
const thresholds = { silentMinDays: 60, silentFactor: 2, declineMinDays: 60, declineFactor: 2 };

describe('automation view', () => {
  it('a list row: the report figures as the service gives them, the trigger in words, the next sends', () => {
    expect(
      automationRow(item, report(), { count: 12, capped: false, from: '2026-03-01T10:00:00.000Z' }, thresholds),
    ).toEqual({
      id: 'a1',
      name: '<img src=x onerror=alert(1)>',
      paused: false,
      pauseReason: null,
      trigger: 'chaque anniversaire à 09:30, heure du client',
      sent: 100,
      failed: 1,
      responders: 24,
      buyers: 21,
      revenue: 8400,
      currency: 'MAD',
      roi: 839,
      upcoming: 12,
      upcomingCapped: false,
      upcomingFrom: '2026-03-01T10:00:00.000Z',
    });
    const paused = automationRow(
      item,
      report({ status: 'paused', status_reason: 'paused by a user' }),
      { count: 0, capped: false, from: '2026-03-01T10:00:00.000Z' },
      thresholds,
    );
    expect(paused).toMatchObject({ paused: true, pauseReason: 'mise en pause par un utilisateur' });
  });

  it('says why an automation is paused, in French', () => {
    expect(pauseReasonText(null)).toBeNull();
    expect(pauseReasonText('paused by a user')).toBe('mise en pause par un utilisateur');
    expect(
      pauseReasonText('paused by itself: its last 3 messages failed (latest: {{attr.gift_code}} has no value for C-1)'),
    ).toBe(
      "mise en pause d'elle-même : ses 3 derniers messages ont échoué (dernière erreur : {{attr.gift_code}} has no value for C-1)",
    );
    expect(pauseReasonText('SMTP relay refused our credentials')).toBe('motif : SMTP relay refused our credentials');
  });

  it('the report: rates as ratios for the percent helper, occurrences and exclusions labelled', () => {
    const view = reportView(report(), { attributionDays: 30, holdoutPercent: 10 });
    expect(view.ratios).toEqual({
      delivery: 0.96,
      open: 0.4167,
      click: 0.1875,
      response: 0.2286,
      conversion: 0.2,
      treatmentConversion: 0.2,
      holdoutConversion: 0.1,
    });
    expect(view.occurrenceRows).toEqual([
      { outcome: 'excluded', label: 'exclue (consentement, opposition ou adresse)', count: 5 },
      { outcome: 'holdout', label: 'groupe témoin (rien envoyé)', count: 10 },
      { outcome: 'queued', label: 'message programmé', count: 105 },
      { outcome: 'skipped', label: 'manquée (hors de la fenêtre de rattrapage)', count: 3 },
    ]);
    expect(view.exclusionRows).toEqual([
      { reason: 'no_consent', label: 'sans consentement', count: 4 },
      { reason: 'invalid_address', label: 'adresse invalide', count: 1 },
    ]);
    expect(view).toMatchObject({
      hasHoldout: true,
      holdoutPlanned: true,
      attributionDays: 30,
      leftOutCurrencies: '',
      roi: 839,
    });
    const noHoldout = reportView(
      report({ conversions: { ...report().conversions, holdout: { ...report().conversions.holdout, contacts: 0 } } }),
      { attributionDays: 30, holdoutPercent: 0 },
    );
    expect(noHoldout).toMatchObject({ hasHoldout: false, holdoutPlanned: false, liftSentence: null });
  });

  it('says whether to trust the lift from its interval', () => {
    // French figures carry no-break spaces (before %, between thousands): compared with plain spaces.
    const liftSentence = (r: AutomationReport) => sentence(r)?.replace(/[\u00a0\u202f]/g, ' ');
    expect(liftSentence(report())).toMatch(
      /^Les destinataires achètent plus .* significatif à 95 % \(hausse entre 20,0 % et 310,0 %\)/,
    );
    const confidence = (low: number | null, high: number | null, significant: boolean) =>
      liftSentence(report({ lift_confidence: { low, high, significant, note: '' } }));
    expect(confidence(-0.1, 0.8, false)).toMatch(
      /n'est pas significatif à 95 % \(écart entre -10,0 % et 80,0 %, zéro compris\)/,
    );
    expect(confidence(-0.6, -0.2, true)).toMatch(/achètent moins que le groupe témoin/);
    expect(confidence(null, null, false)).toMatch(/^Aucun acheteur dans le groupe témoin/);
  });

  it('steps and audience in words', () => {
    const definition = {
      steps: [
        { channel: 'email', template: 'templates/email/winback.mjml', only_non_responders: false },
        { channel: 'sms', template: 'relance-sms', delay_days: 8, only_non_responders: true },
      ],
      segment: { all: [] },
    } as unknown as AutomationDefinition;
    expect(stepsView(definition)).toEqual([
      { position: 1, channel: 'email', template: 'templates/email/winback.mjml', after: null },
      {
        position: 2,
        channel: 'sms',
        template: 'relance-sms',
        after: '8 jours après le message précédent, seulement sans réponse',
      },
    ]);
    expect(audienceText(definition)).toBe('toute la base');
    expect(audienceText({ ...definition, segment: undefined })).toBe('toute la base');
    expect(audienceText({ ...definition, segment: { all: [{ field: 'type', op: 'eq', value: 'person' }] } })).toBe(
      'les contacts qui répondent à sa règle de segment',
    );
    expect(audienceText({ ...definition, segment_id: 's-1' })).toBe('le segment enregistré s-1');
  });

  it('the history: what happened and who did it', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    expect(
      historyRows([
        { at, type: 'created', message: 'campaign "x" created', actor: null, actor_name: null },
        { at, type: 'paused', message: 'automation paused', actor: 'user:u1', actor_name: 'Mona Marketer' },
        { at, type: 'resumed', message: 'automation resumed', actor: 'cli', actor_name: null },
        {
          at,
          type: 'status',
          message: 'paused: paused by itself: its last 3 messages failed (latest: bounce)',
          details: { status: 'paused' },
          actor: null,
          actor_name: null,
        },
        { at, type: 'updated', message: 'automation "x" updated', actor: 'api_key:k1', actor_name: null },
      ]),
    ).toEqual([
      { at, what: 'Créée', who: 'relance, automatiquement' },
      { at, what: 'Mise en pause', who: 'Mona Marketer' },
      { at, what: 'Reprise', who: 'ligne de commande' },
      {
        at,
        what: "Mise en pause (mise en pause d'elle-même : ses 3 derniers messages ont échoué (dernière erreur : bounce))",
        who: 'relance, automatiquement',
      },
      { at, what: 'Modifiée (nouvelle définition)', who: "clé d'API k1" },
    ]);
    expect(actorText('user:gone', null)).toBe('un utilisateur supprimé');
  });
});
