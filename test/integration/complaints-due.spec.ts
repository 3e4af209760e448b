import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintQueriesService } from '../../src/complaints/complaint-queries.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { insertContacts } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * What the dashboard lists as due (real PostgreSQL): open complaints past their due date, and
 * those due later today in the company's time zone (Paris, UTC+1 in March), at 15:00 local time.
 */
describe('complaints due today and overdue', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const now = new Date('2026-03-10T14:00:00Z');
  const references: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_DEFAULT_TIMEZONE: 'Europe/Paris' });
    app = await startContext();
    const db = app.get(DataSource);
    await insertContacts(db, [{ external_id: 'C1', last_name: 'Alami', email: 'c1@example.com' }]);
    // Each complaint's due date, set by hand after intake (the rules of docs/complaints.md are tested elsewhere).
    const dues: Record<string, string> = {
      'late-long': '2026-03-02T09:00:00Z',
      'late-short': '2026-03-10T13:59:00Z',
      'late-answered': '2026-03-05T09:00:00Z',
      'today-soon': '2026-03-10T15:00:00Z',
      'today-late-evening': '2026-03-10T22:59:00Z',
      tomorrow: '2026-03-10T23:00:00Z',
    };
    for (const [name, due] of Object.entries(dues)) {
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: 'C1' },
        channel: 'email',
        receivedAt: new Date('2026-03-01T10:00:00Z'),
        subject: name,
        description: 'Texte.',
        actor: 'test',
      });
      references[name] = reference;
      await db.query(`UPDATE complaints SET due_at = $2 WHERE reference = $1`, [reference, due]);
    }
    const workflow = app.get(ComplaintWorkflowService);
    const answered = references['late-answered'];
    await workflow.qualify(answered, { cause: 'delivery_delay' }, 'test', now);
    await workflow.assign(answered, { owner: 'Karim' }, 'test', now);
    await workflow.answer(answered, { summary: 'votre commande', corrective_measures: 'corrigé.' }, 'test', now);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('counts and lists the overdue ones, longest overdue first, and those due before midnight, soonest first', async () => {
    const due = await app.get(ComplaintQueriesService).due(now);
    expect(due.overdue.count).toBe(2);
    expect(due.overdue.complaints.map((c) => c.subject)).toEqual(['late-long', 'late-short']);
    expect(due.today.count).toBe(2);
    expect(due.today.complaints.map((c) => c.subject)).toEqual(['today-soon', 'today-late-evening']);
    expect(due.today.complaints[0]).toMatchObject({
      reference: references['today-soon'],
      external_id: 'C1',
      status: 'acknowledged',
      owner: null,
    });
  });

  it('lists at most `limit` of each but counts them all', async () => {
    const due = await app.get(ComplaintQueriesService).due(now, 1);
    expect(due.overdue).toMatchObject({ count: 2, complaints: [expect.objectContaining({ subject: 'late-long' })] });
    expect(due.today).toMatchObject({ count: 2, complaints: [expect.objectContaining({ subject: 'today-soon' })] });
  });
});
