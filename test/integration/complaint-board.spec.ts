import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintBoardService } from '../../src/complaints/complaint-board.service';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { insertContacts } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * The console's complaints board (real PostgreSQL): open complaints first by due date, each with
 * where it stands against its deadline at 15:00 in Paris, the filters and the pages.
 */
describe('complaints board', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const now = new Date('2026-03-10T14:00:00Z');
  const references: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_DEFAULT_TIMEZONE: 'Europe/Paris' });
    app = await startContext();
    const db = app.get(DataSource);
    await insertContacts(db, [
      { external_id: 'C1', first_name: 'Nadia', last_name: 'Alami', email: 'c1@example.com' },
      { external_id: 'C2', last_name: 'Bennani', email: 'c2@example.com' },
    ]);
    const dues: Record<string, [string, string, 'email' | 'phone']> = {
      late: ['2026-03-02T09:00:00Z', 'C1', 'email'],
      today: ['2026-03-10T15:00:00Z', 'C2', 'phone'],
      later: ['2026-03-12T09:00:00Z', 'C1', 'phone'],
      answered: ['2026-03-05T09:00:00Z', 'C2', 'email'],
    };
    for (const [name, [due, client, channel]] of Object.entries(dues)) {
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: client },
        channel,
        receivedAt: new Date('2026-03-01T10:00:00Z'),
        subject: name,
        description: 'Texte.',
        actor: 'test',
      });
      references[name] = reference;
      await db.query(`UPDATE complaints SET due_at = $2 WHERE reference = $1`, [reference, due]);
    }
    const workflow = app.get(ComplaintWorkflowService);
    await workflow.qualify(references.answered, { cause: 'billing_error' }, 'test', now);
    await workflow.assign(references.answered, { owner: 'Karim' }, 'test', now);
    await workflow.answer(references.answered, { summary: 'facture', corrective_measures: 'corrigée.' }, 'test', now);
    await workflow.qualify(references.later, { cause: 'delivery_delay' }, 'test', now);
    // Qualifying computes the due date again: set back by hand.
    await db.query(`UPDATE complaints SET due_at = $2 WHERE reference = $1`, [references.later, dues.later[0]]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const board = (query = {}) => app.get(ComplaintBoardService).board(query, now);

  it('lists open complaints by due date, then the answered ones, with where each stands', async () => {
    const found = await board();
    expect(found.rows.map((row) => [row.subject, row.due_state])).toEqual([
      ['late', 'late'],
      ['today', 'today'],
      ['later', 'on_time'],
      ['answered', 'answered_late'],
    ]);
    expect(found).toMatchObject({ total: 4, page: 1, pages: 1, owners: ['Karim'] });
    expect(found.rows[0]).toMatchObject({ reference: references.late, external_id: 'C1', client_name: 'Nadia Alami' });
  });

  it('filters by status, channel, cause, owner and due state', async () => {
    const subjects = async (query: object) => (await board(query)).rows.map((row) => row.subject);
    expect(await subjects({ status: 'answered' })).toEqual(['answered']);
    expect(await subjects({ channel: 'phone' })).toEqual(['today', 'later']);
    expect(await subjects({ cause: 'delivery_delay' })).toEqual(['later']);
    expect(await subjects({ owner: 'Karim' })).toEqual(['answered']);
    expect(await subjects({ due: 'overdue' })).toEqual(['late']);
    expect(await subjects({ due: 'today' })).toEqual(['today']);
    expect(await subjects({ due: 'open' })).toEqual(['late', 'today', 'later']);
  });

  it('pages, and counts past the last page', async () => {
    const second = await board({ pageSize: 3, page: 2 });
    expect(second).toMatchObject({ total: 4, page: 2, pages: 2 });
    expect(second.rows.map((row) => row.subject)).toEqual(['answered']);
    expect(await board({ pageSize: 3, page: 9 })).toMatchObject({ total: 4, rows: [] });
  });

  it('refuses an unknown status, channel or due state, naming the field', async () => {
    await expect(board({ status: 'lost' })).rejects.toMatchObject({ kind: 'invalid', message: /^status:/ });
    await expect(board({ channel: 'fax' })).rejects.toMatchObject({ kind: 'invalid', message: /^channel:/ });
    await expect(board({ due: 'soon' })).rejects.toMatchObject({ kind: 'invalid', message: /^due:/ });
  });
});
