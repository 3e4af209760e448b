import { erasureView } from './contact-erasure-view';
import { addressProblem, calendarDate, consentRows, contactPageView, scoresView } from './contact-page-view';
import { timeline } from './contact-timeline-view';

const contact = {
  external_id: 'C00114',
  type: 'person',
  civility: 'Mme',
  first_name: 'Loubna',
  last_name: 'Ziani',
  company_name: null,
  email: 'loubna.ziani@yahoo.fr',
  phone: '+212730056487',
  address_line1: '96, rue Ibn Battouta',
  address_line2: null,
  postal_code: '80000',
  city: 'Agadir',
  region: 'Souss-Massa',
  country: 'MA',
  birth_date: '2000-08-27',
  attributes: { points_fidelite: 3622 },
};

const consent = {
  policy: 'morocco-09-08',
  states: { email: 'granted', sms: 'withdrawn', phone: 'none', postal: 'none', tracking: 'none' },
  decisions: {
    email: { allowed: true as const, basis: 'consent' as const },
    sms: { allowed: false as const, reason: 'withdrawn' as const },
    phone: { allowed: false as const, reason: 'no_consent' as const },
    postal: { allowed: true as const, basis: 'opt_out' as const },
  },
  history: [
    {
      channel: 'email',
      status: 'granted',
      legal_basis: 'consent',
      method: 'paper_form',
      source: 'salon',
      wording: 'old',
      collected_at: '2024-01-01T00:00:00Z',
    },
    {
      channel: 'email',
      status: 'granted',
      legal_basis: 'consent',
      method: 'checkbox',
      source: 'site web',
      wording: "J'accepte",
      collected_at: '2025-10-31T07:06:16Z',
      recorded_by: 'import',
    },
    {
      channel: 'sms',
      status: 'withdrawn',
      legal_basis: 'objection',
      method: 'reply_stop',
      source: null,
      wording: null,
      collected_at: '2026-01-02T00:00:00Z',
    },
  ],
};

const dossier = {
  purchases: [
    {
      order_id: 'CMD-1',
      ordered_at: '2026-10-04T14:00:00.000Z',
      amount: 2812.14,
      currency: 'MAD',
      response_code: null,
    },
  ],
  consents: consent.history,
  messages: {
    messages: [
      {
        delivery_id: '11',
        campaign: 'Soirée',
        channel: 'email',
        state: 'delivered',
        created_at: '2026-10-26T09:00:00Z',
        sent_at: '2026-10-26T09:00:25Z',
      },
      {
        delivery_id: '12',
        campaign: 'Lettre',
        channel: 'letter',
        state: 'suppressed',
        created_at: '2026-11-01T09:00:00Z',
        sent_at: null,
      },
    ],
    responses: [{ kind: 'coupon', value: 'Je serai présent', received_at: '2026-11-02T22:30:26Z', delivery_id: '11' }],
    events: [{ name: 'complaint_closed', occurred_at: '2026-11-03T00:00:00Z', data: {}, source: 'complaints' }],
  },
  complaints: [
    { reference: 'REC-1', subject: '<b>Colis</b>', status: 'in_resolution', received_at: '2026-11-02T00:00:00Z' },
  ],
  segments: {
    scores: {
      rfm_score: '435',
      recency_score: 4,
      frequency_score: 3,
      monetary_score: 5,
      lifecycle: 'development',
      value_tier: 'top',
      silent: false,
      orders: 11,
      window_revenue: 36289.95,
      currency: 'MAD',
      last_order_at: '2026-10-04T14:00:00.000Z',
    },
  },
};

describe("a contact's page", () => {
  it('shows the consent of each channel with the proof of its latest event and the decision now', () => {
    const rows = consentRows(consent);
    expect(rows.map((row) => row.channel)).toEqual(['email', 'sms', 'phone', 'postal', 'tracking']);
    expect(rows[0]).toMatchObject({
      state: 'donné',
      proof: { method: 'case cochée', source: 'site web', wording: "J'accepte", legalBasis: 'consentement' },
      decision: { allowed: true, reason: 'consentement recueilli' },
    });
    expect(rows[1]).toMatchObject({
      state: 'retiré',
      decision: { allowed: false, reason: 'le contact a retiré son consentement' },
    });
    expect(rows[2]).toMatchObject({ state: 'aucun', proof: null });
    expect(rows[4].decision).toBeNull();
  });

  it('puts the timeline newest first, with a link to a rendered e-mail only when the outbox has it', () => {
    const entries = timeline(dossier, new Set(['11']));
    expect(entries.map((entry) => entry.kind)).toEqual([
      'event',
      'response',
      'complaint',
      'message',
      'message',
      'purchase',
      'consent',
      'consent',
      'consent',
    ]);
    expect(entries[4]).toMatchObject({
      title: 'E-mail — Soirée',
      detail: 'État : délivré',
      link: { href: '/boite-d-envoi/e-mails/11' },
    });
    expect(entries[3]).toMatchObject({ title: 'Courrier — Lettre', link: null, at: '2026-11-01T09:00:00Z' });
    expect(entries[2]).toMatchObject({ title: 'REC-1 — <b>Colis</b>', detail: 'Statut : en cours de résolution' });
    expect(entries[5].money).toEqual({ amount: 2812.14, currency: 'MAD' });
    expect(timeline(dossier, new Set())[4].link).toBeNull();
  });

  it('prints the address as on the envelope, and the scores in French', () => {
    const view = contactPageView(
      { contact, consent, dossier, renderedEmails: new Set(), senderCountry: 'MA' },
      'manager',
    );
    expect(view.name).toBe('Mme Loubna Ziani');
    expect(view.address).toEqual({ lines: ['Mme Loubna Ziani', '96 rue Ibn Battouta', '80000 AGADIR'], problems: [] });
    expect(view.birthDate).toBe('27/08/2000');
    expect(view.admin).toBe(false);
    expect(view.scores).toMatchObject({
      rfm: '435',
      lifecycle: 'Développement',
      tier: 'Meilleurs clients',
      silent: false,
    });
    expect(
      contactPageView({ contact, consent, dossier, renderedEmails: new Set(), senderCountry: 'FR' }, 'admin'),
    ).toMatchObject({
      admin: true,
      address: { lines: ['Mme Loubna Ziani', '96 rue Ibn Battouta', '80000 AGADIR', 'MAROC'] },
    });
    expect(scoresView(null)).toBeNull();
  });

  it('says in French why an address cannot be printed', () => {
    expect(addressProblem('needs 7 lines (at most 6)')).toBe('elle prend 7 lignes (6 au plus)');
    expect(addressProblem('no city')).toBe('pas de ville');
    expect(calendarDate('x')).toBeNull();
  });

  it('says what an erasure removed, suppressed and kept', () => {
    const view = erasureView({ contact, ...dossier });
    expect(view.externalId).toBe('C00114');
    expect(view.erased[1]).toContain('3 événements du registre');
    expect(view.erased[2]).toContain('2 messages');
    expect(view.suppressed).toHaveLength(2);
    expect(view.kept[0]).toMatch(/^1 achat et 2 messages/);
    expect(erasureView({ contact: { ...contact, phone: null } }).suppressed).toEqual([
      "L'adresse e-mail (liste d'opposition e-mail)",
    ]);
  });
});
