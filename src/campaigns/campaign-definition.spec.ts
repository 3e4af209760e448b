import { parseCampaignDefinition } from './campaign-definition';

const contractExample = {
  name: 'Relance des clients inactifs',
  objective: 'reactivation',
  segment: { all: [{ field: 'lifecycle', op: 'eq', value: 'decline' }] },
  holdout_percent: 10,
  steps: [
    { channel: 'letter', template: 'templates/letters/winback.hbs' },
    { channel: 'phone', template: 'templates/phone/winback.hbs', delay_days: 8, only_non_responders: true },
  ],
  sender: {
    name: 'Maison Atlas',
    email: 'contact@maison-atlas.ma',
    postal_address: '12 boulevard Anfa, 20250 Casablanca',
    place: 'Casablanca',
    signatory_name: 'Salma Berrada',
    signatory_title: 'Directrice clientèle',
  },
  costs: { fixed: 1500, per_message: { letter: 4.5, email: 0.002, sms: 0.35, phone: 12 }, currency: 'MAD' },
  margin_rate: 0.35,
  attribution_days: 30,
  data: {},
};

describe('parseCampaignDefinition', () => {
  it('accepts the contract example', () => {
    const result = parseCampaignDefinition(contractExample, { currency: 'EUR' });
    expect('definition' in result && result.definition.steps).toEqual([
      {
        channel: 'letter',
        template: 'templates/letters/winback.hbs',
        send_at: undefined,
        delay_days: undefined,
        only_non_responders: false,
      },
      {
        channel: 'phone',
        template: 'templates/phone/winback.hbs',
        send_at: undefined,
        delay_days: 8,
        only_non_responders: true,
      },
    ]);
  });

  it('accepts channel and template at top level for a single step', () => {
    const { steps, ...rest } = contractExample;
    void steps;
    const result = parseCampaignDefinition(
      { ...rest, channel: 'email', template: 'templates/email/birthday.mjml' },
      { currency: 'EUR' },
    );
    expect('definition' in result && result.definition.steps).toHaveLength(1);
  });

  it('reports every problem with its path', () => {
    const result = parseCampaignDefinition(
      {
        ...contractExample,
        objective: 'fun',
        holdout_percent: 150,
        steps: [
          { channel: 'fax', template: '' },
          { channel: 'email', template: 'x', send_at: 'tomorrow', delay_days: 2 },
        ],
        sender: { name: 'A\r\nBcc: x@y.z' },
        extra: 1,
      },
      { currency: 'EUR' },
    );
    expect('problems' in result && result.problems.map((p) => p.field).sort()).toEqual(
      [
        'extra',
        'holdout_percent',
        'objective',
        'sender.email',
        'sender.name',
        'steps[0].channel',
        'steps[0].template',
        'steps[1].send_at',
      ].sort(),
    );
  });
});
