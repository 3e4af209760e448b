import { parseCampaignDefinition, type CampaignDefinition } from '../../campaigns/campaign-definition';
import { definitionFromForm, formFromDefinition, problemsByField } from './campaign-wizard-form';

const FORM = {
  nom: 'Anniversaire',
  objectif: 'loyalty',
  segment: 'seg-1',
  temoin: '10',
  etape1_canal: 'letter',
  etape1_modele: 'templates/letters/birthday.hbs',
  etape2_canal: 'phone',
  etape2_modele: '',
  etape3_canal: 'phone',
  etape3_modele: 'templates/phone/winback.hbs',
  etape3_delai: '8',
  etape3_non_repondants: 'oui',
  cout_fixe: '1 200',
  cout_letter: '4,50',
  cout_phone: '12',
  devise: 'MAD',
  marge: '35',
  attribution: '30',
  expediteur_nom: 'Maison Atlas',
  expediteur_adresse: '12 boulevard d’Anfa\r\n20250 Casablanca',
  'donnee.gift_amount': '50',
  'donnee.voucher_ends_on': '2027-01-31',
  'donnee.vide': '  ',
};

describe('campaign wizard form', () => {
  it('builds the JSON the API takes: empty step rows skipped, French numbers read, margin as a rate', () => {
    const json = definitionFromForm(FORM);
    expect(json).toEqual({
      name: 'Anniversaire',
      objective: 'loyalty',
      segment_id: 'seg-1',
      holdout_percent: 10,
      steps: [
        { channel: 'letter', template: 'templates/letters/birthday.hbs' },
        { channel: 'phone', template: 'templates/phone/winback.hbs', delay_days: 8, only_non_responders: true },
      ],
      sender: { name: 'Maison Atlas', postal_address: '12 boulevard d’Anfa\n20250 Casablanca' },
      costs: { fixed: 1200, per_message: { letter: 4.5, phone: 12 }, currency: 'MAD' },
      margin_rate: 0.35,
      attribution_days: 30,
      data: { gift_amount: 50, voucher_ends_on: '2027-01-31' },
    });
    const parsed = parseCampaignDefinition(json, { currency: 'MAD' });
    expect('definition' in parsed).toBe(true);
    // And back: the form of the saved definition gives the same JSON.
    const definition = (parsed as { definition: CampaignDefinition }).definition;
    expect(definitionFromForm(formFromDefinition(definition))).toEqual({ ...json, data: json.data });
  });

  it("names each problem next to its field, in French, the step row the marketer filled (not the step's index)", () => {
    const form = { ...FORM, temoin: 'beaucoup', etape3_delai: '2,5', expediteur_adresse: '', nom: '' };
    const parsed = parseCampaignDefinition(definitionFromForm(form), { currency: 'MAD' });
    expect('problems' in parsed).toBe(true);
    const byField = problemsByField((parsed as { problems: never[] }).problems, [1, 3]);
    expect(byField).toEqual({
      nom: ['à remplir'],
      temoin: ['un nombre entre 0 et 99'],
      etape3_delai: ['un nombre entier de jours'],
      expediteur_adresse: ['obligatoire pour une lettre (l’adresse de retour du coupon-réponse)'],
    });
  });

  it('keeps what the wizard does not show when a draft is edited (inline rules, sender country, flags)', () => {
    const base = {
      segment: { all: [{ field: 'country', op: 'eq', value: 'FR' }] },
      sender: { name: 'Ancien', country: 'MA', logo: 'logo.png' },
      professional: true,
      soft_opt_in: false,
    } as unknown as CampaignDefinition;
    const json = definitionFromForm({ ...FORM, segment: 'regles' }, base);
    expect(json.segment).toEqual(base.segment);
    expect(json.segment_id).toBeUndefined();
    expect(json.sender).toEqual({
      name: 'Maison Atlas',
      country: 'MA',
      logo: 'logo.png',
      postal_address: '12 boulevard d’Anfa\n20250 Casablanca',
    });
    expect(json.professional).toBe(true);
  });
});
