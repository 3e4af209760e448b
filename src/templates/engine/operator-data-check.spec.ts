import { prepareTemplate, renderMessage } from '../prepared-template';
import { parseTemplateSource } from '../source/template-definition';
import { missingOperatorData } from './operator-data-check';
import type { RecipientData } from './recipient-data';

const SOURCE = `---
objective: loyalty
sample:
  campaign:
    data:
      gift_amount: "150"
      vip_offer: un cocktail
---
{{salutation}}, {{sender.signatory_name}} vous offre {{money campaign.data.gift_amount}}.
{{first_name}} {{#if attr.vip}}Et aussi {{campaign.data.vip_offer}} ({{campaign.data.from_event}}).{{/if}} {{default campaign.data.note "rien"}} {{first_name}}
`;

describe('the operator data check', () => {
  const contact: RecipientData = { civility: 'Mme', first_name: 'Zoé', currency: 'MAD', attr: { vip: true }, sender: { name: 'Maison Atlas' }, campaign: { data: {} } };

  async function missing(data: RecipientData, open?: (path: string) => boolean): Promise<string[]> {
    const prepared = await prepareTemplate(parseTemplateSource({ reference: 'templates/sms/x.hbs', text: SOURCE, channel: 'sms' }), { seed: 's' });
    const render = (values: RecipientData) => renderMessage(prepared, values, { defaultCountry: 'MA', publicUrl: 'https://r.example' });
    return missingOperatorData({ parts: prepared.parts, data, render, fill: (path) => (path === 'campaign.data.gift_amount' ? '150' : 'x'), open });
  }

  it('names every campaign and sender value the template needs and the definition lacks, never the contact\'s', async () => {
    expect(await missing(contact)).toEqual(['sender.signatory_name', 'campaign.data.gift_amount', 'campaign.data.vip_offer', 'campaign.data.from_event']);
    const { first_name: _absent, ...withoutName } = contact;
    expect(await missing({ ...withoutName, last_name: 'B' })).toEqual(['sender.signatory_name', 'campaign.data.gift_amount', 'campaign.data.vip_offer', 'campaign.data.from_event']);
    expect(await missing({ ...contact, attr: {} })).toEqual(['sender.signatory_name', 'campaign.data.gift_amount']);
  });

  it('passes complete data, and leaves out names another source may give', async () => {
    const complete = { ...contact, sender: { name: 'M', signatory_name: 'S' }, campaign: { data: { gift_amount: 100, vip_offer: 'un cadeau', from_event: 'x' } } };
    expect(await missing(complete)).toEqual([]);
    expect(await missing({ ...complete, campaign: { data: { gift_amount: 100 } } }, (path) => path === 'campaign.data.from_event')).toEqual(['campaign.data.vip_offer']);
  });
});
