import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationsService } from '../../src/automations/automations.service';
import { sendingHoursSql } from '../../src/deliveries/pressure';
import { ImportService } from '../../src/imports/import.service';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', `${name}.json`), 'utf8'));

/**
 * Morocco is UTC+1 except during Ramadan (UTC+0: 7 February to 14 March 2027). Local times are
 * computed by the database (`AT TIME ZONE`): they must be right on a PostgreSQL server and on
 * the embedded PGlite, whose own zone data puts Casablanca at UTC+0 for good from September 2026.
 */
describe('local times in Casablanca, outside and during Ramadan', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({
      RELANCE_DEFAULT_COUNTRY: 'MA',
      RELANCE_TIMEZONE: 'Africa/Casablanca',
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
    });
    app = await startContext();
    db = app.get(DataSource);
    const imports = app.get(ImportService);
    await imports.importFile(
      'contacts',
      writeFile(
        env.home,
        'contacts.csv',
        [
          'external_id,first_name,last_name,email,country,birth_date,timezone',
          'MA1,Salma,Berrada,salma@exemple.ma,MA,1990-07-14,Africa/Casablanca',
          'MA2,Youssef,Alami,youssef@exemple.ma,MA,1991-02-20,Africa/Casablanca',
          'MA3,Nora,Tazi,nora@exemple.ma,MA,1992-07-14,',
        ].join('\n'),
      ),
    );
    await imports.importFile(
      'consents',
      writeFile(
        env.home,
        'consents.csv',
        [
          'external_id,channel,status,method,source,collected_at,wording',
          ...['MA1', 'MA2', 'MA3'].map(
            (id) =>
              `${id},email,granted,checkbox,site web,2026-01-10T09:00:00Z,J'accepte de recevoir vos offres par e-mail`,
          ),
        ].join('\n'),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const dueTimes = async (automationId: string) => {
    const rows: Array<{ external_id: string; occurrence: string; due_at: Date }> = await db.query(
      `SELECT c.external_id, o.occurrence, o.due_at FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id WHERE o.automation_id = $1 ORDER BY 1`,
      [automationId],
    );
    return rows.map((row) => [row.external_id, row.occurrence, new Date(row.due_at).toISOString()]);
  };

  it('a 09:30 birthday: 08:30 UTC in July, 09:30 UTC during Ramadan, in the contact’s zone or the company’s', async () => {
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'MA' }] },
    });
    const scheduler = app.get(AutomationScheduler);
    await scheduler.tick(new Date('2027-02-20T12:00:00Z'));
    await scheduler.tick(new Date('2027-07-14T12:00:00Z'));
    expect(await dueTimes(id)).toEqual([
      ['MA1', '2027-07-14', '2027-07-14T08:30:00.000Z'],
      ['MA2', '2027-02-20', '2027-02-20T09:30:00.000Z'],
      ['MA3', '2027-07-14', '2027-07-14T08:30:00.000Z'],
    ]);
  });

  it('a fixed date at 10:00: Throne Day (30 July) at 09:00 UTC, 1 March (Ramadan) at 10:00 UTC', async () => {
    const base = {
      ...example('seasons-greetings'),
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'MA1' }] },
    };
    const throne = await app.get(AutomationsService).save({
      ...base,
      name: 'Fête du Trône',
      trigger: { type: 'fixed_date', month: 7, day: 30, local_time: '10:00' },
    });
    const march = await app
      .get(AutomationsService)
      .save({ ...base, name: 'Printemps', trigger: { type: 'fixed_date', month: 3, day: 1, local_time: '10:00' } });
    const scheduler = app.get(AutomationScheduler);
    await scheduler.tick(new Date('2027-03-01T12:00:00Z'));
    await scheduler.tick(new Date('2027-07-30T12:00:00Z'));
    expect(await dueTimes(throne.id)).toEqual([['MA1', '2027-07-30', '2027-07-30T09:00:00.000Z']]);
    expect(await dueTimes(march.id)).toEqual([['MA1', '2027-03-01', '2027-03-01T10:00:00.000Z']]);
  });

  it('SMS sending hours (09:00–20:00, not on Sunday) and local dates, in Casablanca time', async () => {
    const next = async (iso: string) => {
      const [row] = await db.query(
        `SELECT ${sendingHoursSql('$1::timestamptz', '$2::text', { start: '09:00', end: '20:00', sunday: false })} AS at`,
        [iso, 'Africa/Casablanca'],
      );
      return new Date(row.at).toISOString();
    };
    // Wednesday 14 July 2027, 08:30 local: held until 09:00 local; 20:30 local: the next morning.
    expect(await next('2027-07-14T07:30:00Z')).toBe('2027-07-14T08:00:00.000Z');
    expect(await next('2027-07-14T18:30:00Z')).toBe('2027-07-14T18:30:00.000Z');
    expect(await next('2027-07-14T19:30:00Z')).toBe('2027-07-15T08:00:00.000Z');
    // Wednesday 17 February 2027, during Ramadan: local time is UTC.
    expect(await next('2027-02-17T07:30:00Z')).toBe('2027-02-17T09:00:00.000Z');
    expect(await next('2027-02-17T19:30:00Z')).toBe('2027-02-17T19:30:00.000Z');
    const [day] = await db.query(
      `SELECT ($1::timestamptz AT TIME ZONE 'Africa/Casablanca')::date::text AS summer, ($2::timestamptz AT TIME ZONE 'Africa/Casablanca')::date::text AS ramadan`,
      ['2027-07-14T23:30:00Z', '2027-02-17T23:30:00Z'],
    );
    expect(day).toEqual({ summer: '2027-07-15', ramadan: '2027-02-17' });
  });
});
