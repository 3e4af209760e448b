import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { treatmentPages } from '../../src/campaigns/launch-campaign.use-case';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { ComplaintContacts } from '../../src/complaints/complaint-contacts';
import { ConsentEventsRepository } from '../../src/consent/consent-events.repository';
import { DeliveriesRepository } from '../../src/deliveries/deliveries.repository';
import { createCampaign, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * Ids are bigints sent back as text: a query that orders by the text output instead of the
 * column puts 100 before 99. Identities start at 95 here so that every list crosses that line.
 */
describe('id order is numeric wherever it matters (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
    db = app.get(DataSource);
    for (const table of ['contacts', 'deliveries', 'consent_events'])
      await db.query(`ALTER TABLE ${table} ALTER COLUMN id RESTART WITH 95`);
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 12 }, (_, i) => ({
        id: `N${String(i).padStart(2, '0')}`,
        email: `n${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const contactIds = async () =>
    (await db.query(`SELECT id::text FROM contacts WHERE external_id LIKE 'N%' ORDER BY contacts.id`)).map(
      (r: { id: string }) => r.id,
    );

  it('claims due deliveries in id order and pages the treatment group without skipping anyone', async () => {
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'N' }] },
    });
    await app.get(LaunchCampaign).execute(id); // no worker in this process: the deliveries stay planned
    const [step] = await db.query(`SELECT id FROM campaign_steps WHERE campaign_id = $1`, [id]);
    const all: Array<{ id: string }> = await db.query(
      `SELECT id::text FROM deliveries WHERE step_id = $1 ORDER BY deliveries.id`,
      [step.id],
    );
    expect(all.map((d) => d.id).slice(0, 6)).toEqual(['95', '96', '97', '98', '99', '100']);
    const locked = await db.transaction((manager) => app.get(DeliveriesRepository).lockDue(manager, step.id, 5));
    expect(locked.map((d) => d.id)).toEqual(['95', '96', '97', '98', '99']);

    const pages: string[][] = [];
    for await (const page of treatmentPages(db.manager, id, 5)) pages.push(page);
    expect(pages.flat()).toEqual(await contactIds());
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
  });

  it('ties a complaint to the oldest contact with the address, and lists consent events in the order they were recorded', async () => {
    // Two live contacts share an address: ids 99 (N04) and 100 (N05).
    await db.query(`UPDATE contacts SET email = 'partage@exemple.ma' WHERE external_id IN ('N04', 'N05')`);
    const complainant = await app.get(ComplaintContacts).resolve({ email: 'partage@exemple.ma' });
    expect(complainant).toMatchObject({ external_id: 'N04', created: false });

    const [contact] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'N00'`);
    const at = new Date('2026-03-01T10:00:00Z');
    await app.get(ConsentEventsRepository).append(
      Array.from({ length: 6 }, (_, i) => ({
        contactId: contact.id,
        channel: 'email' as const,
        status: i % 2 ? ('withdrawn' as const) : ('granted' as const),
        method: 'api' as const,
        legalBasis: i % 2 ? ('objection' as const) : ('consent' as const),
        collectedAt: at,
        source: `step ${i}`,
        recordedBy: 'test',
      })),
    );
    const history = await app.get(ConsentEventsRepository).history(contact.id);
    const sameInstant = history.filter((event) => event.collected_at.getTime() === at.getTime());
    expect(sameInstant.map((event) => event.source)).toEqual([
      'step 0',
      'step 1',
      'step 2',
      'step 3',
      'step 4',
      'step 5',
    ]);
    expect(sameInstant.map((event) => Number(event.id))).toEqual(
      [...sameInstant.map((event) => Number(event.id))].sort((a, b) => a - b),
    );
  });
});
