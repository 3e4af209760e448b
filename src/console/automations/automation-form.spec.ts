import { parseAutomationDefinition } from '../../automations/automation-definition';
import { readyMadeAutomations } from '../../automations/ready-made';
import { definitionFromForm, formFromDefinition, type FormValues } from './automation-form';
import { errorsByInput, formProblems } from './automation-form-errors';
import { readyMadeCards } from './automation-setup-view';

const parse = (input: unknown) => parseAutomationDefinition(input, { currency: 'MAD' });
const REF = '0b6c5c8e-4d1a-4f7e-9a3b-2c1d0e9f8a7b';

describe('the automation form builds the JSON relance automation create reads (issue 19, item 4)', () => {
  it.each(readyMadeAutomations().map((item) => [item.key, item.definition] as const))(
    'the ready-made %s, through the form untouched, is the same automation',
    (_key, definition) => {
      const original = parse(definition);
      const through = parse(definitionFromForm(formFromDefinition(definition, REF)));
      expect('definition' in original).toBe(true);
      expect(through).toEqual(original);
    },
  );

  const birthday = () => formFromDefinition(readyMadeAutomations().find((r) => r.key === 'birthday')!.definition, REF);
  const problemsOf = (values: FormValues) => {
    const parsed = parse(definitionFromForm(values));
    return 'problems' in parsed ? formProblems(parsed.problems) : [];
  };

  it('a sending time of 25:00 is refused in French on the time input', () => {
    const problems = problemsOf({ ...birthday(), heure: '25:00' });
    expect(problems).toEqual([
      {
        input: 'heure',
        label: "Heure d'envoi",
        reason: "une heure de la journée, de 00:00 à 23:59 (par exemple 09:30), à l'heure du client",
      },
    ]);
    expect(errorsByInput(problems).heure).toMatch(/^Heure d'envoi : une heure de la journée/);
    expect(errorsByInput(problems).nom).toBe('');
  });

  it('a loyalty card reminder 30 and 7 days before, sent at 10:00 local time', () => {
    const values = {
      ...birthday(),
      declencheur: 'date_offset',
      date_suivie: 'loyalty_card_expires_on',
      jours_avant: '30, 7',
      heure: '10:00',
    };
    expect(definitionFromForm(values).trigger).toEqual({
      type: 'date_offset',
      local_time: '10:00',
      field: 'loyalty_card_expires_on',
      offset_days: [-30, -7],
    });
  });

  it('inactivity with 3 attempts, a fixed date, a complaint closed 15 days ago: only their own settings', () => {
    expect(
      definitionFromForm({ ...birthday(), declencheur: 'inactivity', tentatives: '3', intervalle: '21', delai: '9' })
        .trigger,
    ).toEqual({ type: 'inactivity', local_time: '09:30', attempts: 3, retry_after_days: 21 });
    expect(definitionFromForm({ ...birthday(), declencheur: 'fixed_date', mois: '12', jour: '28' }).trigger).toEqual({
      type: 'fixed_date',
      local_time: '09:30',
      month: 12,
      day: 28,
    });
    expect(definitionFromForm({ ...birthday(), declencheur: 'complaint_closed', delai: '15' }).trigger).toEqual({
      type: 'complaint_closed',
      local_time: '09:30',
      delay_days: 15,
    });
  });

  it('French figures are read (0,35), what is not a figure is refused on its input', () => {
    const values = { ...birthday(), cout_sms: '0,35', groupe_temoin: 'dix' };
    expect((definitionFromForm(values).costs as { per_message: Record<string, unknown> }).per_message).toEqual({
      email: 0.002,
      sms: 0.35,
    });
    expect(problemsOf(values).map((p) => p.input)).toEqual(['groupe_temoin']);
  });

  it('a second step, a saved segment, no name: steps and audience as the CLI reads them, the name refused', () => {
    const values = {
      ...birthday(),
      nom: ' ',
      audience: REF,
      etape2_canal: 'sms',
      etape2_modele: 'templates/sms/birthday.hbs',
      etape2_delai: '3',
      etape2_non_repondants: 'oui',
    };
    const json = definitionFromForm(values);
    expect(json.segment_id).toBe(REF);
    expect(json.segment).toBeUndefined();
    expect(json.steps).toEqual([
      { channel: 'email', template: 'templates/email/birthday.mjml' },
      { channel: 'sms', template: 'templates/sms/birthday.hbs', delay_days: 3, only_non_responders: true },
    ]);
    expect(problemsOf(values)).toEqual([
      { input: 'nom', label: 'Nom', reason: 'donnez un nom, sur une ligne, de 200 caractères au plus' },
    ]);
  });

  it("a step's problem names the step and its input", () => {
    const problems = problemsOf({
      ...birthday(),
      etape2_canal: 'sms',
      etape2_modele: 'templates/sms/birthday.hbs',
      etape2_delai: '-2',
    });
    expect(problems).toEqual([
      {
        input: 'etape2_delai',
        label: 'Étape 2 : délai après l’étape précédente',
        reason: 'un nombre entier de jours entre 0 et 3650',
      },
    ]);
  });
});

describe('the cards of the ready-made automations', () => {
  const thresholds = { silentMinDays: 60, silentFactor: 2, declineMinDays: 60, declineFactor: 2 };
  it('say what each does and when, read as the CLI reads the file', () => {
    const cards = readyMadeCards(readyMadeAutomations(), thresholds);
    expect(cards.map((card) => card.key)).toContain('birthday');
    expect(cards.every((card) => card.purpose && card.trigger)).toBe(true);
    expect(cards.find((card) => card.key === 'contract-renewal')).toMatchObject({
      trigger: '60 jours avant le renouvellement du contrat, à 10:00, heure du client',
      channels: 'e-mail puis téléphone',
    });
  });
});
