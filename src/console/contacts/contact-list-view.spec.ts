import {
  contactRow,
  displayName,
  filterForm,
  filterRules,
  isFiltered,
  listLink,
  parseContactQuery,
} from './contact-list-view';

describe('the contact list', () => {
  it('reads the search and filters, and names each unknown value', () => {
    const parsed = parseContactQuery({
      q: ' Salé ',
      type: 'company',
      statut: 'client',
      cycle: 'retention',
      valeur: 'top',
      consentement_email: 'granted',
      consentement_sms: 'withdrawn',
      apres: '120',
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.query).toEqual({
      text: 'Salé',
      type: 'company',
      customer: 'client',
      lifecycle: 'retention',
      tier: 'top',
      consent: { email: 'granted', sms: 'withdrawn' },
      after: '120',
    });
    const wrong = parseContactQuery({
      type: 'robot',
      cycle: 'x',
      consentement_phone: 'maybe',
      apres: '-1',
      q: 'x'.repeat(101),
    });
    expect(wrong.problems.map((problem) => problem.field)).toEqual([
      'q',
      'apres',
      'consentement_phone',
      'type',
      'cycle',
    ]);
    expect(wrong.query.type).toBeNull();
    expect(wrong.query.after).toBeNull();
  });

  it('turns the filters into the rules of a segment', () => {
    const { query } = parseContactQuery({
      type: 'person',
      statut: 'prospect',
      valeur: 'core',
      consentement_postal: 'none',
    });
    expect(filterRules(query)).toEqual({
      all: [
        { field: 'type', op: 'eq', value: 'person' },
        { field: 'purchases.count', op: 'eq', value: 0 },
        { field: 'value_tier', op: 'eq', value: 'core' },
        { field: 'consent.postal', op: 'eq', value: 'none' },
      ],
    });
    expect(filterRules(parseContactQuery({ statut: 'client' }).query)).toEqual({
      all: [{ field: 'purchases.count', op: 'gt', value: 0 }],
    });
    expect(filterRules(parseContactQuery({ q: 'x' }).query)).toBeNull();
    expect(isFiltered(parseContactQuery({ q: 'x' }).query)).toBe(true);
    expect(isFiltered(parseContactQuery({}).query)).toBe(false);
  });

  it('keeps the filters in the next page link, with the cursor', () => {
    const { query } = parseContactQuery({ q: 'Hélène & co', cycle: 'decline', consentement_email: 'none' });
    expect(listLink(query, '4521')).toBe(
      '/contacts?q=H%C3%A9l%C3%A8ne+%26+co&cycle=decline&consentement_email=none&apres=4521',
    );
    expect(listLink(parseContactQuery({}).query, null)).toBe('/contacts');
  });

  it('selects the current choices in the form', () => {
    const form = filterForm(parseContactQuery({ cycle: 'retention', consentement_sms: 'granted' }).query);
    expect(form.lifecycles.filter((option) => option.selected).map((option) => option.value)).toEqual(['retention']);
    const sms = form.consents.find((field) => field.channel === 'sms')!;
    expect(sms.states.find((state) => state.selected)?.value).toBe('granted');
    expect(form.consents.map((field) => field.label)).toEqual(['E-mail', 'SMS', 'Téléphone', 'Courrier']);
  });

  it('names a person, a company and a contact without name, and links to the page by client id', () => {
    const base = {
      civility: null,
      firstName: null,
      lastName: null,
      companyName: null,
      email: null,
      phone: null,
      postalCode: null,
      city: null,
    };
    expect(
      displayName({
        ...base,
        externalId: 'C1',
        type: 'person',
        civility: 'Mme',
        firstName: 'Salma',
        lastName: 'Sqalli',
      }),
    ).toBe('Mme Salma Sqalli');
    expect(
      displayName({ ...base, externalId: 'B1', type: 'company', companyName: 'Café Hafa', firstName: 'Ali' }),
    ).toBe('Café Hafa');
    expect(displayName({ ...base, externalId: 'X9', type: 'person' })).toBe('X9');
    const row = contactRow({
      ...base,
      externalId: 'B/1 é',
      type: 'company',
      companyName: 'Café Hafa',
      firstName: 'Ali',
      lastName: 'Naciri',
      postalCode: '90000',
      city: 'Tanger',
    });
    expect(row).toMatchObject({
      href: '/contacts/B%2F1%20%C3%A9',
      name: 'Café Hafa',
      contactName: 'Ali Naciri',
      type: 'Entreprise',
      place: '90000 Tanger',
    });
  });
});
