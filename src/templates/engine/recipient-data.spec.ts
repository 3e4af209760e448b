import { ageOn, buildRecipientData, displayName, withoutEmpty } from './recipient-data';

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
