import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { FRANCE_CNIL } from '../../src/consent/consent-policy';
import { reachabilitySql } from '../../src/consent/reachability-sql';
import { BEGIN_SENDING_SQL, LOCK_DUE_SQL, refuseSendingSql } from '../../src/deliveries/deliveries.repository';
import { RECORD_OUTCOMES_SQL } from '../../src/deliveries/deliveries.sql';
import { ImportService } from '../../src/imports/import.service';
import { TRACKING_GRANTED_SQL, TRACKING_NOT_REFUSED_SQL } from '../../src/deliveries/tracking/tracking-policy';
import { createCampaign } from '../support/campaign-fixtures';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows each table or index yielded or had filtered out while the statement ran (EXPLAIN ANALYZE, rolled back). */
async function rowsRead(db: DataSource, sql: string, params: unknown[]): Promise<Record<string, number>> {
  const read: Record<string, number> = {};
  await db
    .transaction(async (manager: EntityManager) => {
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = await manager.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const visit = (node: PlanNode) => {
        const name = node['Index Name'] ?? node['Relation Name'];
        if (name && /Scan/.test(node['Node Type']))
          read[name] =
            (read[name] ?? 0) + (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'];
        for (const child of node.Plans ?? []) visit(child);
      };
      visit(plan.Plan);
      throw Object.assign(new Error('rollback'), { rollback: true });
    })
    .catch((error) => {
      if (!error.rollback) throw error;
    });
  return read;
}

/**
 * The statements the sending loop runs for every few messages must read those messages' rows,
 * not whole tables, on a database whose statistics are missing (never analysed after a bulk
 * import: autovacuum off, or not run yet) and whose indexes hold the dead versions of rows
 * already sent.
 */
describe('the sending loop reads only the rows it works on (real PostgreSQL, no statistics)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let batch: Array<{ id: string; contact_id: string }>;
  const CONTACTS = 3000;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
    db = app.get(DataSource);
    const contacts = ['external_id,first_name,last_name,email'];
    const consents = ['external_id,channel,status,method,source,collected_at'];
    for (let i = 0; i < CONTACTS; i++) {
      contacts.push(`P${i},Inès,Client ${i},p${i}@exemple${i % 20}.fr`);
      consents.push(
        `P${i},email,granted,checkbox,web,2026-01-10T09:00:00Z`,
        `P${i},tracking,granted,checkbox,web,2026-01-10T09:00:00Z`,
      );
    }
    await app.get(ImportService).importFile('contacts', writeFile(env.home, 'plans-contacts.csv', contacts.join('\n')));
    await app.get(ImportService).importFile('consents', writeFile(env.home, 'plans-consents.csv', consents.join('\n')));
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'P' }] },
    });
    await app.get(LaunchCampaign).execute(id); // no worker here: the deliveries stay planned
    // Two thirds already sent (each through claimed and sending: dead versions in every index), then a batch claimed.
    for (const state of ['claimed', 'sending', 'delivered']) {
      await db.query(
        `UPDATE deliveries SET state = $1, claimed_by = 'other', claimed_until = now() + interval '1 minute' WHERE id IN (SELECT id FROM deliveries ORDER BY id LIMIT 2000)`,
        [state],
      );
    }
    // Another job's batch in flight: what the in-flight index holds beside this batch.
    await db.query(`UPDATE deliveries SET state = 'claimed', claimed_by = 'other', claimed_until = now() + interval '1 minute'
      WHERE id IN (SELECT id FROM deliveries WHERE state = 'delivered' ORDER BY id LIMIT 500)`);
    await db.query(`UPDATE deliveries SET state = 'claimed', claimed_by = 'w', claimed_until = now() + interval '1 minute'
      WHERE id IN (SELECT id FROM deliveries WHERE state = 'planned' ORDER BY id LIMIT 16)`);
    batch = await db.query(
      `SELECT id::text, contact_id::text FROM deliveries WHERE claimed_by = 'w' ORDER BY deliveries.id`,
    );
    expect(batch).toHaveLength(16);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const most = (read: Record<string, number>) => Math.max(...Object.values(read));
  /** The most any index yielded (a sequential scan of a table the planner knows to be small is its choice). */
  const mostByIndex = ({ deliveries: _table, ...indexes }: Record<string, number>) => most(indexes);

  it('tracking consent: one probe per contact of the batch', async () => {
    const contactIds = batch.map((d) => d.contact_id);
    const granted = await rowsRead(db, TRACKING_GRANTED_SQL, [contactIds, FRANCE_CNIL.acceptedMethods]);
    expect(most(granted)).toBeLessThanOrEqual(batch.length);
    const notRefused = await rowsRead(db, TRACKING_NOT_REFUSED_SQL, [contactIds]);
    expect(most(notRefused)).toBeLessThanOrEqual(batch.length);
  });

  it('claimed → sending, then consent checked again: the batch rows and their contacts only', async () => {
    const ids = batch.map((d) => d.id);
    const handed = await rowsRead(db, BEGIN_SENDING_SQL, [ids, 'w', 60]);
    // Each delivery is read twice (to lock it, then by the update).
    expect(most(handed)).toBeLessThanOrEqual(2 * batch.length);
    await db.query(`UPDATE deliveries SET state = 'sending' WHERE claimed_by = 'w'`);
    const reach = reachabilitySql(FRANCE_CNIL, { channel: 'email', purpose: 'marketing', evaluatedPer: 'row' });
    const checked = await rowsRead(db, refuseSendingSql(reach), [ids, 'w']);
    await db.query(`UPDATE deliveries SET state = 'claimed' WHERE claimed_by = 'w'`);
    expect(checked).toHaveProperty('consent_states_pkey');
    expect(most(checked)).toBeLessThanOrEqual(2 * batch.length);
  });

  it('outcomes recorded: the batch rows only, also once the statistics were taken while the campaign was planned', async () => {
    const outcomes = JSON.stringify(batch.map((d) => ({ id: d.id, state: 'sent' })));
    await db.query(`UPDATE deliveries SET state = 'sending' WHERE claimed_by = 'w'`);
    try {
      const before = await rowsRead(db, RECORD_OUTCOMES_SQL, [outcomes]);
      expect(mostByIndex(before)).toBeLessThanOrEqual(2 * batch.length);
      // As the send bench does at launch: analysed with nothing in flight, the in-flight index looks empty.
      await db.query(`UPDATE deliveries SET state = 'planned' WHERE claimed_by = 'other' AND state = 'claimed'`);
      await db.query(`ANALYZE deliveries`);
      await db.query(`UPDATE deliveries SET state = 'claimed' WHERE claimed_by = 'other' AND state = 'planned'`);
      const recorded = await rowsRead(db, RECORD_OUTCOMES_SQL, [outcomes]);
      expect(mostByIndex(recorded)).toBeLessThanOrEqual(2 * batch.length);
      const reach = reachabilitySql(FRANCE_CNIL, { channel: 'email', purpose: 'marketing', evaluatedPer: 'row' });
      const checked = await rowsRead(db, refuseSendingSql(reach), [batch.map((d) => d.id), 'w']);
      expect(mostByIndex(checked)).toBeLessThanOrEqual(2 * batch.length);
      await db.query(`UPDATE deliveries SET state = 'claimed' WHERE claimed_by = 'w'`);
      const handed = await rowsRead(db, BEGIN_SENDING_SQL, [batch.map((d) => d.id), 'w', 60]);
      expect(mostByIndex(handed)).toBeLessThanOrEqual(2 * batch.length);
    } finally {
      await db.query(`UPDATE deliveries SET state = 'claimed' WHERE claimed_by = 'w'`);
    }
  });

  it('claim: the next rows in id order, read along the index up to the limit (no sort of every due row)', async () => {
    const [{ step_id: stepId, planned }] = await db.query(
      `SELECT step_id, count(*) FILTER (WHERE state = 'planned')::int AS planned FROM deliveries GROUP BY step_id`,
    );
    expect(planned).toBeGreaterThan(900);
    const read = await rowsRead(db, LOCK_DUE_SQL, [stepId, 16]);
    expect(most(read)).toBeLessThanOrEqual(16);
  });
});
