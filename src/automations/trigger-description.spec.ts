import { parseAutomationDefinition, TRIGGER_TYPES, type Trigger } from './automation-definition';
import { describeTrigger } from './trigger-description';

/** The trigger as an automation's JSON gives it, with the defaults the definition fills in. */
function trigger(raw: Record<string, unknown>): Trigger {
  const parsed = parseAutomationDefinition(
    {
      name: 'x',
      trigger: raw,
      channel: 'email',
      template: 'templates/email/birthday.mjml',
      sender: { name: 'Maison Atlas', email: 'bonjour@example.com' },
    },
    { currency: 'MAD' },
  );
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition.trigger;
}

const thresholds = { silentMinDays: 90, silentFactor: 2, declineMinDays: 90, declineFactor: 2 };

describe('describeTrigger', () => {
  it('birthday: every birthday at the local time', () => {
    expect(describeTrigger(trigger({ type: 'birthday' }))).toBe('chaque anniversaire à 09:30, heure du client');
    expect(describeTrigger(trigger({ type: 'birthday', local_time: '08:15' }))).toBe(
      'chaque anniversaire à 08:15, heure du client',
    );
  });

  it('date_offset: days before, on, or after the date followed, in order', () => {
    const card = (offset_days: unknown) =>
      describeTrigger(trigger({ type: 'date_offset', field: 'loyalty_card_expires_on', offset_days }));
    expect(card(-30)).toBe("30 jours avant l'expiration de la carte de fidélité, à 10:00, heure du client");
    expect(card([-7, -30])).toBe("30 et 7 jours avant l'expiration de la carte de fidélité, à 10:00, heure du client");
    expect(card(0)).toBe("le jour de l'expiration de la carte de fidélité, à 10:00, heure du client");
    expect(card([-1, 0])).toBe(
      "1 jour avant et le jour de l'expiration de la carte de fidélité, à 10:00, heure du client",
    );
    expect(card([-30, 0, 3])).toBe(
      "30 jours avant, le jour même et 3 jours après l'expiration de la carte de fidélité, à 10:00, heure du client",
    );
    expect(
      describeTrigger(trigger({ type: 'date_offset', field: 'contract_renews_on', offset_days: [-60, -15] })),
    ).toBe('60 et 15 jours avant le renouvellement du contrat, à 10:00, heure du client');
    expect(describeTrigger(trigger({ type: 'date_offset', field: 'purchases.last_at', offset_days: 0 }))).toBe(
      'le jour du dernier achat, à 10:00, heure du client',
    );
    expect(
      describeTrigger(trigger({ type: 'date_offset', field: 'birth_date', offset_days: 1, local_time: '11:00' })),
    ).toBe('1 jour après la date de naissance, à 11:00, heure du client');
    expect(describeTrigger(trigger({ type: 'date_offset', field: 'attr.warranty_ends_on', offset_days: -15 }))).toBe(
      '15 jours avant la date « warranty_ends_on » du contact, à 10:00, heure du client',
    );
  });

  it('date_offset with every_months: a period after the date, the offsets around each due date', () => {
    const servicing = (every_months: number, offset_days?: number[]) =>
      describeTrigger(
        trigger({
          type: 'date_offset',
          field: 'purchases.last_at',
          every_months,
          ...(offset_days ? { offset_days } : {}),
        }),
      );
    expect(servicing(6)).toBe('tous les 6 mois après le dernier achat, à 10:00, heure du client');
    expect(servicing(1)).toBe('chaque mois après le dernier achat, à 10:00, heure du client');
    expect(servicing(12)).toBe('chaque année après le dernier achat, à 10:00, heure du client');
    expect(servicing(24)).toBe('tous les 2 ans après le dernier achat, à 10:00, heure du client');
    expect(servicing(6, [-7])).toBe(
      '7 jours avant chaque échéance, tous les 6 mois après le dernier achat, à 10:00, heure du client',
    );
  });

  it('inactivity: when a client stops buying, the attempts and their spacing', () => {
    expect(describeTrigger(trigger({ type: 'inactivity', attempts: 3, retry_after_days: 14 }), thresholds)).toBe(
      "quand un client cesse d'acheter (sans achat depuis plus de 90 jours et plus de 2 fois son intervalle habituel entre deux achats), à 10:00, heure du client, en 3 relances à 14 jours d'intervalle, la suivante seulement sans réponse ni achat",
    );
    // Silent and declining clients by different thresholds: both rules.
    expect(
      describeTrigger(trigger({ type: 'inactivity', attempts: 1 }), {
        ...thresholds,
        silentFactor: 1.5,
        declineMinDays: 60,
      }),
    ).toBe(
      "quand un client cesse d'acheter (sans achat depuis plus de 90 jours et plus de 1,5 fois son intervalle habituel entre deux achats, ou plus de 60 jours et plus de 2 fois son intervalle habituel entre deux achats), à 10:00, heure du client, en une seule relance",
    );
    // Without the scoring thresholds, no figure is invented.
    expect(describeTrigger(trigger({ type: 'inactivity' }))).toBe(
      "quand un client cesse d'acheter (sans achat depuis bien plus longtemps que d'habitude), à 10:00, heure du client, en 2 relances à 21 jours d'intervalle, la suivante seulement sans réponse ni achat",
    );
  });

  it('after_purchase, complaint_closed, event: the delay after the fact, or at once (no time of day) without one', () => {
    expect(describeTrigger(trigger({ type: 'after_purchase' }))).toBe(
      '7 jours après chaque achat, à 10:00, heure du client',
    );
    expect(describeTrigger(trigger({ type: 'after_purchase', delay_days: 0 }))).toBe('dès chaque achat');
    expect(describeTrigger(trigger({ type: 'after_purchase', delay_days: 1 }))).toBe(
      '1 jour après chaque achat, à 10:00, heure du client',
    );
    expect(describeTrigger(trigger({ type: 'complaint_closed' }))).toBe(
      "15 jours après la clôture d'une réclamation, à 10:00, heure du client",
    );
    expect(describeTrigger(trigger({ type: 'complaint_closed', delay_days: 0 }))).toBe(
      "dès la clôture d'une réclamation",
    );
    expect(describeTrigger(trigger({ type: 'event', name: 'referral_succeeded' }))).toBe(
      'dès chaque événement « referral_succeeded »',
    );
    expect(describeTrigger(trigger({ type: 'event', name: 'fair.visit', delay_days: 2, local_time: '09:00' }))).toBe(
      '2 jours après chaque événement « fair.visit », à 09:00, heure du client',
    );
  });

  it('welcome: a new contact or a first purchase, once, since the automation exists', () => {
    expect(describeTrigger(trigger({ type: 'welcome' }))).toBe(
      "dès l'arrivée d'un nouveau contact ou son premier achat (une fois par contact, depuis la création de l'automatisation)",
    );
    expect(describeTrigger(trigger({ type: 'welcome', delay_days: 3 }))).toBe(
      "3 jours après l'arrivée d'un nouveau contact ou son premier achat, à 10:00, heure du client (une fois par contact, depuis la création de l'automatisation)",
    );
  });

  it('fixed_date: every year on the day, the 1st as "1er", 29 February falling back', () => {
    expect(describeTrigger(trigger({ type: 'fixed_date', month: 12, day: 24 }))).toBe(
      'chaque année le 24 décembre à 09:00, heure du client',
    );
    expect(describeTrigger(trigger({ type: 'fixed_date', month: 1, day: 1, local_time: '08:00' }))).toBe(
      'chaque année le 1er janvier à 08:00, heure du client',
    );
    expect(describeTrigger(trigger({ type: 'fixed_date', month: 2, day: 29 }))).toBe(
      'chaque année le 29 février (le 28 février les autres années) à 09:00, heure du client',
    );
  });

  it('describes every trigger type the definitions accept', () => {
    const samples: Record<string, Record<string, unknown>> = {
      date_offset: { field: 'contract_renews_on', offset_days: -30 },
      fixed_date: { month: 5, day: 1 },
      event: { name: 'x' },
    };
    for (const type of TRIGGER_TYPES) {
      const text = describeTrigger(trigger({ type, ...samples[type] }), thresholds);
      expect({ type, empty: text.trim() === '', english: /\b(days?|before|after|every)\b/.test(text) }).toEqual({
        type,
        empty: false,
        english: false,
      });
    }
  });
});
