import { ageOn, buildRecipientData, displayName, rawRootOf, withOperatorValues, withoutEmpty } from './recipient-data';

describe('recipient data', () => {
  const context = { sender: { name: 'Maison Atlas', place: '' }, publicUrl: 'https://relance.example', today: '2026-11-22', defaultCurrency: 'EUR', responseCode: 'AB12' };

  it('keeps contact field names, puts attributes under attr and removes empty values', () => {
    const data = buildRecipientData(
      { external_id: 'C1', type: 'person', civility: 'Mme', first_name: 'Inès', last_name: null, email: '', country: 'MA', birth_date: '1990-11-23', loyalty_card_expires_on: '2026-12-22', attributes: { points: 10, note: '' } },
      context,
    );
    expect(data).toMatchObject({ external_id: 'C1', first_name: 'Inès', attr: { points: 10 }, sender: { name: 'Maison Atlas' }, currency: 'MAD', age: 35, days_to_card_expiry: 30 });
    expect(data).not.toHaveProperty('last_name');
    expect(data).not.toHaveProperty('email');
    expect(data.attr).not.toHaveProperty('note');
    expect(data.sender).not.toHaveProperty('place');
    expect(data.response_url).toBe('https://relance.example/r?c=AB12');
    expect(data.display_name).toBe('Mme Inès');
  });

  it('keeps a service message\'s request apart from the campaign\'s data (issue 15, item 2)', () => {
    const data = buildRecipientData({ external_id: 'C1' }, { ...context, campaign: { data: { offer: 'x' } }, request: { complaint_subject: '<b>s</b>' } });
    expect(data).toMatchObject({ campaign: { data: { offer: 'x' } }, request: { complaint_subject: '<b>s</b>' } });
    expect(buildRecipientData({ external_id: 'C1' }, context)).toMatchObject({ campaign: { data: {} }, request: {} });
  });

  it('adds a trigger\'s data to the campaign\'s, and keeps it out of the raw root (issue 15, item 2)', () => {
    const campaign = { id: 'c1', name: 'Parrainage', data: { offer: '<b>x</b>', filleul: 'votre filleul', empty: '' } };
    const data = buildRecipientData({ external_id: 'C1' }, { ...context, campaign, trigger: { filleul: '<i>f</i>', date: '2027-01-15' } });
    expect(data.campaign).toEqual({ id: 'c1', name: 'Parrainage', data: { offer: '<b>x</b>', filleul: '<i>f</i>', date: '2027-01-15' } });
    // What raw output reads: the sender, the campaign's own data, without the names the trigger sets.
    expect(rawRootOf(data)).toEqual({ sender: { name: 'Maison Atlas' }, campaign: { id: 'c1', name: 'Parrainage', data: { offer: '<b>x</b>' } } });
    expect(JSON.parse(JSON.stringify(data))).not.toHaveProperty('relance_raw_root');
    expect(rawRootOf({ ...data, first_name: 'A' })).toBe(rawRootOf(data));
    expect(rawRootOf({ campaign: { data: { offer: 'x' } } })).toBeUndefined();
    // Values the operator adds later (a template's sample, a preview's data) go to both.
    const previewed = withOperatorValues(data, { campaign: { data: { block: '<hr>' } } });
    expect(rawRootOf(previewed)?.campaign).toEqual({ id: 'c1', name: 'Parrainage', data: { offer: '<b>x</b>', block: '<hr>' } });
    expect((previewed.campaign as { data: object }).data).toMatchObject({ filleul: '<i>f</i>', block: '<hr>' });
  });

  it('computes ages on birthdays exactly', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
    expect(ageOn(undefined, '2026-03-01')).toBeUndefined();
  });

  it('names companies by their name', () => {
    expect(displayName({ type: 'company', company_name: 'Atlas SARL', first_name: 'Karim' })).toBe('Atlas SARL');
    expect(withoutEmpty({ a: { b: null, c: [] } })).toEqual({ a: { c: [] } });
  });
});
