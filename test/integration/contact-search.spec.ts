import type { INestApplicationContext } from '@nestjs/common';
import { ContactsService } from '../../src/contacts/contacts.service';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { SegmentsService } from '../../src/segments/segments.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('ContactsService.search (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let contacts: ContactsService;

  const ids = async (query: Parameters<ContactsService['search']>[0]) =>
    (await contacts.search(query)).contacts.map((contact) => contact.externalId);

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_DEFAULT_COUNTRY: 'MA' });
    app = await startContext();
    contacts = app.get(ContactsService);
    const people: Array<Record<string, string>> = [
      { external_id: 'S1', first_name: 'Hélène', last_name: 'Lefèvre', city: 'Rabat', email: 'helene@exemple.ma' },
      { external_id: 'S2', first_name: 'Salma', last_name: 'Sqalli', city: 'Salé', phone: '06 94 48 65 69' },
      { external_id: 'S3', type: 'company', company_name: 'Café Hafa', first_name: 'Ali', city: 'Tanger' },
      { external_id: 'S4', first_name: "O'Brien %_", last_name: 'Tazi', city: 'Rabat' },
    ];
    for (let index = 5; index <= 12; index++)
      people.push({ external_id: `S${String(index)}`, first_name: 'Nadia', last_name: 'Rabati', city: 'Fès' });
    for (const person of people) await contacts.upsert(person);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('finds by name, e-mail, client id and city, every word in any of them, whatever the case', async () => {
    expect(await ids({ text: 'hélène', limit: 50 })).toEqual(['S1']);
    expect(await ids({ text: 'LEFÈVRE rabat', limit: 50 })).toEqual(['S1']);
    expect(await ids({ text: 'helene@exemple', limit: 50 })).toEqual(['S1']);
    expect(await ids({ text: 's3', limit: 50 })).toEqual(['S3']);
    expect(await ids({ text: 'hafa', limit: 50 })).toEqual(['S3']);
    expect(await ids({ text: 'Rabat', limit: 50 })).toEqual([
      'S1',
      'S4',
      ...Array.from({ length: 8 }, (_, i) => `S${String(i + 5)}`),
    ]);
  });

  it('finds a phone number however it is written', async () => {
    expect(await ids({ text: '0694486569', limit: 50 })).toEqual(['S2']);
    expect(await ids({ text: '+212 694 48 65 69', limit: 50 })).toEqual(['S2']);
  });

  it('takes the text as data: quotes, % and _ match themselves', async () => {
    expect(await ids({ text: "o'brien %_", limit: 50 })).toEqual(['S4']);
    expect(await ids({ text: '%', limit: 50 })).toEqual(['S4']);
    expect(await ids({ text: "'; DROP TABLE contacts; --", limit: 50 })).toEqual([]);
  });

  it('goes page by page after the last id, and keeps to a compiled segment', async () => {
    const first = await contacts.search({ text: 'nadia', limit: 3 });
    expect(first.contacts.map((contact) => contact.externalId)).toEqual(['S5', 'S6', 'S7']);
    const second = await contacts.search({ text: 'nadia', limit: 3, after: first.next! });
    expect(second.contacts.map((contact) => contact.externalId)).toEqual(['S8', 'S9', 'S10']);
    const last = await contacts.search({ text: 'nadia', limit: 3, after: second.next! });
    expect(last).toMatchObject({ next: null });
    expect(last.contacts.map((contact) => contact.externalId)).toEqual(['S11', 'S12']);

    const within = app.get(SegmentsService).compile({ all: [{ field: 'type', op: 'eq', value: 'company' }] });
    expect(await ids({ within, limit: 50 })).toEqual(['S3']);
    expect(await ids({ within, text: 'rabat', limit: 50 })).toEqual([]);
  });

  it('never lists an erased contact', async () => {
    await app.get(PrivacyService).erase('S1');
    expect(await ids({ text: 'rabat', limit: 2 })).toEqual(['S4', 'S5']);
    expect(await ids({ text: 'erased', limit: 50 })).toEqual([]);
  });
});
