import type { SegmentPreview } from '../../segments/segment-preview';
import { parseRulesText, previewView, problemsView } from './segment-view';

const PREVIEW: SegmentPreview = {
  count: 3,
  sample: [
    {
      external_id: 'K1',
      type: 'person',
      civility: 'Mme',
      first_name: 'Anne',
      last_name: 'Le Gall',
      company_name: null,
      city: 'Rennes',
      region: 'Bretagne',
      country: 'FR',
      lifecycle: 'retention',
      value_tier: 'top',
      rfm_score: '555',
      silent: false,
    },
    {
      external_id: 'K2',
      type: 'company',
      civility: null,
      first_name: null,
      last_name: null,
      company_name: 'Atelier <b>',
      city: null,
      region: null,
      country: null,
      lifecycle: null,
      value_tier: null,
      rfm_score: null,
      silent: false,
    },
  ],
  breakdown: {
    lifecycle: { acquisition: 0, development: 0, retention: 2, decline: 0, unscored: 1 },
    value_tier: { top: 1, core: 0, tail: 0, none: 2 },
    region: [],
    other_regions: 0,
    reachability: {
      email: { reachable: 2, refused: { no_consent: 1 } },
      sms: { reachable: 0, refused: { no_consent: 2, invalid_address: 1, withdrawn: 0 } },
      phone: { reachable: 3, refused: {} },
      postal: { reachable: 1, refused: { suppressed: 2 } },
    },
  },
  evaluated_at: '2026-11-24T10:00:00.000Z',
  scored_at: null,
  consent_policy: 'fr-cnil',
};

describe('segment page view', () => {
  it('puts each channel in the order of the page, with why the others are refused (zeros left out)', () => {
    const view = previewView(PREVIEW);
    expect(view.count).toBe(3);
    expect(view.channels.map((channel) => [channel.label, channel.reachable])).toEqual([
      ['E-mail', 2],
      ['SMS', 0],
      ['Courrier', 1],
      ['Téléphone', 3],
    ]);
    expect(view.channels[1].refused).toEqual([
      { reason: 'no_consent', label: 'sans consentement', count: 2 },
      { reason: 'invalid_address', label: 'sans adresse valide', count: 1 },
    ]);
    expect(view.policy).toBe('fr-cnil');
  });

  it('names a sampled client by civility and names, or the company, with stage and tier in French', () => {
    const [person, company] = previewView(PREVIEW).sample;
    expect(person).toEqual({
      externalId: 'K1',
      name: 'Mme Anne Le Gall',
      place: 'Rennes, Bretagne',
      stage: 'fidélisation',
      tier: 'meilleurs clients',
    });
    expect(company).toMatchObject({ name: 'Atelier <b>', place: '', stage: 'non calculée', tier: '—' });
  });

  it('reads the posted JSON, and says what is wrong with it', () => {
    expect(parseRulesText('{"all":[]}')).toEqual({ rules: { all: [] } });
    expect(parseRulesText('  ').problem).toMatch(/écrivez les règles/);
    expect(parseRulesText(undefined).problem).toMatch(/écrivez les règles/);
    expect(parseRulesText('{"all":[').problem).toMatch(/^JSON illisible : /);
  });

  it("keeps the validator's paths, or puts the message on the whole rule set", () => {
    expect(problemsView([{ field: 'all[0].value', reason: 'must be a number' }], 'x')).toEqual([
      { path: 'all[0].value', reason: 'must be a number' },
    ]);
    expect(problemsView(undefined, 'JSON illisible')).toEqual([{ path: '(rules)', reason: 'JSON illisible' }]);
  });
});
