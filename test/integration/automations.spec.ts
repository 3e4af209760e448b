import { Logger, type INestApplicationContext } from '@nestjs/common';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationReportService } from '../../src/reports/automation-report.service';
import { AutomationUpcoming } from '../../src/automations/automation-upcoming';
import { AutomationsService } from '../../src/automations/automations.service';
import { candidatesSql, Params } from '../../src/automations/trigger-sql';
import { ContactEvents } from '../../src/contacts/contact-events';
import { ImportService } from '../../src/imports/import.service';
import { sendingHoursSql } from '../../src/deliveries/pressure';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { SegmentScoringService } from '../../src/segments/segment-scoring.service';
import { TemplatesService } from '../../src/templates/templates.service';
import { ResponsesService } from '../../src/responses/responses.service';
import { createCampaign, launchAndWait, SENDER } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', `${name}.json`), 'utf8'));

describe('automations: triggers, exactly-once occurrences, frequency cap (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let scheduler: AutomationScheduler;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_CAP_7_DAYS: '1',
      RELANCE_CAP_30_DAYS: '0',
      RELANCE_TIMEZONE: 'Europe/Paris',
    });
    app = await startContext();
    db = app.get(DataSource);
    scheduler = app.get(AutomationScheduler);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  async function importContacts(header: string, rows: string[], consents: string[]): Promise<void> {
    const imports = app.get(ImportService);
    const summary = await imports.importFile(
      'contacts',
      writeFile(env.home, `c-${Date.now()}.csv`, [header, ...rows].join('\n')),
    );
    expect(summary.rejected).toBe(0);
    if (consents.length) {
      await imports.importFile(
        'consents',
        writeFile(
          env.home,
          `k-${Date.now()}.csv`,
          [
            'external_id,channel,status,method,source,collected_at,wording',
            ...consents.map(
              (id) =>
                `${id},email,granted,checkbox,site web,2026-01-10T09:00:00Z,J'accepte de recevoir vos offres par e-mail`,
            ),
          ].join('\n'),
        ),
      );
    }
  }

  const hourlyTicks = async (fromIso: string, toIso: string, stepHours = 1) => {
    for (let t = new Date(fromIso).getTime(); t <= new Date(toIso).getTime(); t += stepHours * 3_600_000)
      await scheduler.tick(new Date(t));
  };

  it('every ready-made automation in templates/automations is valid and launchable', async () => {
    const dir = path.join(__dirname, '..', '..', 'templates', 'automations');
    const names = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace('.json', ''));
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      const definition = example(name);
      const { id } = await app.get(AutomationsService).save({ ...definition, name: `${definition.name} (exemple)` });
      await app.get(AutomationsService).setStatus(id, 'paused');
    }
  });

  it('loyalty card: one reminder at −30 days, one at −7, none after the renewal is imported', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country,loyalty_card_expires_on,points_fidelite,cagnotte',
      [
        'LC1,Nadia,Alami,nadia@exemple.ma,MA,2027-03-31,1200,60',
        'LC2,Omar,Bennani,omar@exemple.ma,MA,2027-03-31,800,40',
      ],
      ['LC1', 'LC2'],
    );
    const { id } = await app.get(AutomationsService).save({
      ...example('loyalty-card-expiry'),
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'LC' }] },
    });
    // 1 March 2027, 10:00 in Paris (UTC+1) is the −30 reminder.
    await hourlyTicks('2027-02-27T00:00:00Z', '2027-03-03T00:00:00Z', 3);
    // LC2 renews before the −7 reminder: the expiry date moves a year on.
    await importContacts('external_id,loyalty_card_expires_on', ['LC2,2028-03-31'], []);
    await hourlyTicks('2027-03-03T00:00:00Z', '2027-04-02T00:00:00Z', 3);
    const rows: Array<{ external_id: string; occurrence: string; due_at: Date }> = await db.query(
      `SELECT c.external_id, o.occurrence, o.due_at FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id
       WHERE o.automation_id = $1 AND o.outcome = 'queued' ORDER BY 1, 3`,
      [id],
    );
    expect(rows.map((r) => [r.external_id, r.occurrence, new Date(r.due_at).toISOString()])).toEqual([
      ['LC1', '2027-03-31@-30d', '2027-03-01T09:00:00.000Z'],
      ['LC1', '2027-03-31@-7d', '2027-03-24T09:00:00.000Z'],
      ['LC2', '2027-03-31@-30d', '2027-03-01T09:00:00.000Z'],
    ]);
    expect(await scheduler.dispatchDue()).toBe(3);
    const received = sink.received
      .filter((m) => m.to[0].endsWith('@exemple.ma'))
      .map((m) => m.to[0])
      .sort();
    expect(received).toEqual(['nadia@exemple.ma', 'nadia@exemple.ma', 'omar@exemple.ma']);
  });

  it("a person's messages are in their export, and their merge data goes on erasure", async () => {
    const privacy = app.get(PrivacyService);
    const exported = (await privacy.export('LC1')) as {
      messages: { messages: Array<{ occurrence: string; data: Record<string, unknown> }> };
    };
    expect(exported.messages.messages.map((m) => m.occurrence).sort()).toEqual(['2027-03-31@-30d', '2027-03-31@-7d']);
    expect(exported.messages.messages[0].data).toMatchObject({ date: '2027-03-31' });
    const [contact] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'LC1'`);
    await privacy.erase('LC1');
    const rows = await db.query(`SELECT data, state FROM deliveries WHERE contact_id = $1`, [contact.id]);
    expect(rows).toEqual([
      { data: null, state: 'delivered' },
      { data: null, state: 'delivered' },
    ]);
  });

  it('the same ticks run twice, and concurrently, record each occurrence once', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country,birth_date,timezone',
      [
        'BD1,Leila,Tazi,leila@exemple.fr,FR,1990-06-15,Europe/Paris',
        'BD2,Karim,Idrissi,karim@exemple.fr,FR,1988-02-29,America/New_York',
        'BD3,Sara,Fassi,sara@exemple.fr,FR,1975-06-15,',
      ],
      ['BD1', 'BD2', 'BD3'],
    );
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      name: 'Anniversaire test',
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'BD' }] },
    });
    const instants = ['2027-02-28T15:00:00Z', '2027-06-15T08:00:00Z', '2027-06-15T09:00:00Z'].map(
      (iso) => new Date(iso),
    );
    for (const at of instants) {
      const [a, b] = await Promise.all([scheduler.tick(at), scheduler.tick(at)]);
      expect(a.queued + b.queued).toBeLessThanOrEqual(2);
      const again = await scheduler.tick(at);
      expect(again.queued).toBe(0);
    }
    const rows: Array<{ external_id: string; occurrence: string; due_at: Date }> = await db.query(
      `SELECT c.external_id, d.occurrence, (d.data ->> 'due_at')::timestamptz AS due_at FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id
       JOIN contacts c ON c.id = d.contact_id WHERE a.id = $1 ORDER BY 1`,
      [id],
    );
    // 29 February → 28 February in 2027, 09:30 in New York (UTC−5); 15 June 09:30 in Paris (UTC+2), given or as the company's zone.
    expect(rows.map((r) => [r.external_id, r.occurrence, new Date(r.due_at).toISOString()])).toEqual([
      ['BD1', '2027-06-15', '2027-06-15T07:30:00.000Z'],
      ['BD2', '2027-02-28', '2027-02-28T14:30:00.000Z'],
      ['BD3', '2027-06-15', '2027-06-15T07:30:00.000Z'],
    ]);
  });

  it('finds the birthdays around New Year in the zones furthest from UTC (the years looked at are the window’s, widened by a day)', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country,birth_date,timezone',
      [
        'NY1,Tavita,Fuimaono,tavita@exemple.fr,FR,1990-01-01,Pacific/Kiritimati',
        'NY2,Sione,Tuilagi,sione@exemple.fr,FR,1990-12-31,Pacific/Pago_Pago',
        'NY3,Moana,Teriitahi,moana@exemple.fr,FR,1991-12-31,Pacific/Kiritimati',
      ],
      ['NY1', 'NY2', 'NY3'],
    );
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      name: 'Anniversaire nouvel an',
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'NY' }] },
    });
    await hourlyTicks('2027-12-30T12:00:00Z', '2028-01-01T12:00:00Z');
    const rows: Array<{ external_id: string; occurrence: string; due_at: Date; late: number }> = await db.query(
      `SELECT c.external_id, o.occurrence, o.due_at, extract(epoch FROM o.handled_at - o.due_at)::float8 AS late
       FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id WHERE o.automation_id = $1 AND o.outcome = 'queued' ORDER BY 1`,
      [id],
    );
    // 09:30 local: UTC+14 on Kiritimati (already the new year there), UTC−11 on Pago Pago (still the old one).
    expect(rows.map((r) => [r.external_id, r.occurrence, new Date(r.due_at).toISOString()])).toEqual([
      ['NY1', '2028-01-01', '2027-12-31T19:30:00.000Z'],
      ['NY2', '2027-12-31', '2027-12-31T20:30:00.000Z'],
      ['NY3', '2027-12-31', '2027-12-30T19:30:00.000Z'],
    ]);
    for (const row of rows) expect(row.late).toBeGreaterThanOrEqual(0);
    for (const row of rows) expect(row.late).toBeLessThan(3600);
    // An hour's window, as ticks have with RELANCE_CATCH_UP_HOURS=0: UTC's year is 2027 throughout, Kiritimati's 2028.
    const p = new Params();
    const window = { from: new Date('2027-12-31T19:00:00Z'), to: new Date('2027-12-31T20:00:00Z') };
    const candidates = candidatesSql(
      example('birthday').trigger,
      { ...window, defaultTimezone: 'Europe/Paris', automationId: id, automationCreatedAt: new Date() },
      p,
    );
    const found = await db.query(
      `SELECT c.external_id, x.occurrence FROM (${candidates}) x JOIN contacts c ON c.id = x.contact_id WHERE c.external_id LIKE 'NY%'`,
      p.values,
    );
    expect(found).toEqual([{ external_id: 'NY1', occurrence: '2028-01-01' }]);
  });

  it('skips and counts what was missed beyond the catch-up window, sends what is within it', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country,birth_date',
      ['CU1,Hind,Lahlou,hind@exemple.ma,MA,1992-09-01', 'CU2,Amine,Chraibi,amine@exemple.ma,MA,1992-09-03'],
      ['CU1', 'CU2'],
    );
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      name: 'Anniversaire rattrapage',
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'CU' }] },
    });
    await scheduler.tick(new Date('2027-08-30T12:00:00Z'));
    // Down from 30 August to 4 September noon: CU1 (1 Sept) is > 48 h late, CU2 (3 Sept) is within.
    const result = await scheduler.tick(new Date('2027-09-04T12:00:00Z'));
    expect(result).toMatchObject({ due: 2, queued: 1, skipped: { missed: 1 } });
    const outcomes = await db.query(
      `SELECT c.external_id, o.outcome FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id WHERE o.automation_id = $1 ORDER BY 1`,
      [id],
    );
    expect(outcomes).toEqual([
      { external_id: 'CU1', outcome: 'skipped' },
      { external_id: 'CU2', outcome: 'queued' },
    ]);
  });

  it('a contact at the frequency cap has the reminder postponed, visible in upcoming with the reason', async () => {
    await importContacts(
      'external_id,civility,first_name,last_name,email,address_line1,postal_code,city,country,birth_date',
      [
        `FC1,Mme,Rim,Kettani,rim@exemple.ma,5 rue Ibn Battouta,20250,Casablanca,MA,1985-${String(new Date(Date.now() + 2 * 86_400_000).getUTCMonth() + 1).padStart(2, '0')}-${String(new Date(Date.now() + 2 * 86_400_000).getUTCDate()).padStart(2, '0')}`,
      ],
      ['FC1'],
    );
    // One marketing e-mail today: with RELANCE_CAP_7_DAYS=1 the contact is at the cap for a week.
    const campaign = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'FC1' }] },
      sender: SENDER,
    });
    await launchAndWait(app, campaign);
    // A campaign launched now leaves the contact out, by the same rule.
    const second = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'FC1' }] },
      sender: SENDER,
    });
    const { launched } = await launchAndWait(app, second);
    expect(launched.audience).toMatchObject({ segment: 1, excluded: { frequency_cap: 1 }, targeted: 0 });
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      name: 'Anniversaire plafond',
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'FC1' }] },
    });
    const upcoming = await app.get(AutomationUpcoming).list(id);
    expect(upcoming.messages).toHaveLength(1);
    expect(upcoming.messages[0]).toMatchObject({ external_id: 'FC1', status: 'postponed', reason: 'frequency_cap' });
    expect(new Date(upcoming.messages[0].send_at).getTime()).toBeGreaterThan(
      new Date(upcoming.messages[0].due_at).getTime(),
    );
    // On the day, the tick queues it held back until the cap releases it.
    const due = new Date(upcoming.messages[0].due_at);
    await scheduler.tick(new Date(due.getTime() + 60_000));
    const [delivery] = await db.query(
      `SELECT d.state, d.reason, d.next_attempt_at FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id WHERE a.id = $1`,
      [id],
    );
    expect(delivery).toMatchObject({ state: 'planned', reason: 'postponed: frequency_cap' });
    expect(new Date(delivery.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000);
    const again = await app.get(AutomationUpcoming).list(id, { at: new Date(due.getTime() + 120_000) });
    expect(again.messages).toEqual([
      expect.objectContaining({ external_id: 'FC1', status: 'postponed', reason: 'frequency_cap' }),
    ]);
  });

  it('win-back: a first attempt when a regular client goes silent, a second 21 days later only without an answer', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country',
      ['WB1,Hamza,Alaoui,hamza@exemple.ma,MA', 'WB2,Zineb,Tahiri,zineb@exemple.ma,MA'],
      ['WB1', 'WB2'],
    );
    const day = 86_400_000;
    const now = Date.now();
    const purchases = ['external_id,order_id,ordered_at,amount,currency'];
    for (const id of ['WB1', 'WB2'])
      for (const [i, ago] of [400, 370, 340, 310].entries())
        purchases.push(`${id},${id}-O${i},${new Date(now - ago * day).toISOString()},300,MAD`);
    await app.get(ImportService).importFile('purchases', writeFile(env.home, 'wb-purchases.csv', purchases.join('\n')));
    await app.get(SegmentScoringService).rescore();
    const { id } = await app.get(AutomationsService).save({
      ...example('winback'),
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'WB' }] },
    });
    const first = await scheduler.tick(new Date());
    expect(first.queued).toBe(2);
    await scheduler.dispatchDue();
    // WB2 answers: their coupon comes back.
    const [wb2] = await db.query(
      `SELECT d.response_code FROM deliveries d JOIN contacts c ON c.id = d.contact_id JOIN automations a ON a.campaign_id = d.campaign_id WHERE a.id = $1 AND c.external_id = 'WB2'`,
      [id],
    );
    await app.get(ResponsesService).record({ kind: 'coupon', code: wb2.response_code, source: 'test' });
    await scheduler.tick(new Date(Date.now() + 22 * day));
    await scheduler.tick(new Date(Date.now() + 50 * day));
    const rows = await db.query(
      `SELECT c.external_id, o.occurrence FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id WHERE o.automation_id = $1 ORDER BY 1, 2`,
      [id],
    );
    // The occurrence names the last order's local date (the company's zone): not its UTC date after 23:00 UTC.
    const lastOrder = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(now - 310 * day));
    // Two attempts at most (the example's setting), and none after an answer.
    expect(rows.map((r: { external_id: string; occurrence: string }) => `${r.external_id} ${r.occurrence}`)).toEqual([
      `WB1 ${lastOrder}#1`,
      `WB1 ${lastOrder}#2`,
      `WB2 ${lastOrder}#1`,
    ]);
  });

  it('SMS sending hours: outside 09:00–20:00 local or on Sunday, the next allowed instant', async () => {
    const next = async (iso: string, zone: string, sunday = false) => {
      const [row] = await db.query(
        `SELECT ${sendingHoursSql('$1::timestamptz', '$2::text', { start: '09:00', end: '20:00', sunday })} AS at`,
        [iso, zone],
      );
      return new Date(row.at).toISOString();
    };
    // 2027-03-27 is a Saturday; Paris moves to summer time on Sunday 28 March.
    expect(await next('2027-03-27T20:30:00Z', 'Europe/Paris')).toBe('2027-03-29T07:00:00.000Z');
    expect(await next('2027-03-27T20:30:00Z', 'Europe/Paris', true)).toBe('2027-03-28T07:00:00.000Z');
    expect(await next('2027-03-23T06:00:00Z', 'Europe/Paris')).toBe('2027-03-23T08:00:00.000Z');
    expect(await next('2027-03-23T11:00:00Z', 'Europe/Paris')).toBe('2027-03-23T11:00:00.000Z');
    expect(await next('2027-03-23T19:00:00Z', 'America/New_York')).toBe('2027-03-23T19:00:00.000Z');
    expect(await next('2027-03-24T01:30:00Z', 'America/New_York')).toBe('2027-03-24T13:00:00.000Z');
  });

  it('events and closed complaints trigger once, 15 days later for the re-satisfaction survey', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country',
      ['EV1,Yasmine,Berrada,yasmine@exemple.ma,MA'],
      ['EV1'],
    );
    const { id } = await app.get(AutomationsService).save({
      ...example('complaint-follow-up'),
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'EV1' }] },
    });
    const [contact] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'EV1'`);
    const events = app.get(ContactEvents);
    const closed = {
      contactId: contact.id,
      name: 'complaint_closed',
      occurredAt: new Date('2027-05-03T16:20:00Z'),
      idempotencyKey: 'complaint_closed:REC-2027-000001',
    };
    expect((await events.record(closed)).created).toBe(true);
    expect((await events.record(closed)).created).toBe(false);
    await hourlyTicks('2027-05-17T00:00:00Z', '2027-05-20T00:00:00Z', 2);
    const rows = await db.query(`SELECT occurrence, due_at FROM automation_occurrences WHERE automation_id = $1`, [id]);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].due_at).toISOString()).toBe('2027-05-18T08:00:00.000Z');
  });

  it('refuses an automation whose templates need campaign data or sender fields it does not give, naming each (issue 15, item 7)', async () => {
    const { data: _gift, ...birthday } = example('birthday');
    const automations = app.get(AutomationsService);
    await expect(automations.save({ ...birthday, name: 'Anniversaire sans bon' })).rejects.toMatchObject({
      code: 'automations.missing_data',
      message: expect.stringContaining('steps[0]: templates/email/birthday.mjml needs data.gift_amount'),
      details: {
        fields: [
          { field: 'data.gift_amount', reason: 'templates/email/birthday.mjml needs {{campaign.data.gift_amount}}' },
        ],
      },
    });
    // A letter prints the place it is written from: the sender must give it, whatever the sample has.
    const letter = {
      ...example('birthday'),
      name: 'Anniversaire par courrier',
      channel: 'letter',
      template: 'templates/letters/birthday.hbs',
      sender: { name: 'Maison Atlas', postal_address: '12 boulevard Anfa, 20250 Casablanca' },
    };
    const refused = await automations.save(letter).catch((error) => error);
    expect(refused.code).toBe('automations.missing_data');
    expect(refused.details.fields).toEqual([
      { field: 'sender.place', reason: 'templates/letters/birthday.hbs needs {{sender.place}}' },
    ]);
    const cli = await runCli(
      'automation',
      'create',
      writeFile(env.home, 'birthday-no-gift.json', JSON.stringify({ ...birthday, name: 'Anniversaire CLI' })),
      '--json',
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('data.gift_amount');
    expect(
      await db.query(
        `SELECT name FROM automations WHERE name IN ('Anniversaire sans bon', 'Anniversaire par courrier', 'Anniversaire CLI')`,
      ),
    ).toEqual([]);
  });

  it('an automation whose messages keep failing pauses itself and says why: list, report, logs (issue 15, item 7)', async () => {
    await importContacts(
      'external_id,first_name,last_name,email,country,birth_date,timezone',
      [
        'SP1,Rim,Alaoui,rim@exemple.fr,FR,1990-10-05,Europe/Paris',
        'SP2,Ali,Sefrioui,ali@exemple.fr,FR,1985-10-05,Europe/Paris',
        'SP3,Nora,Kettani,nora@exemple.fr,FR,1979-10-06,Europe/Paris',
        'SP4,Badr,Lazrak,badr@exemple.fr,FR,1993-10-07,Europe/Paris',
      ],
      ['SP1', 'SP2', 'SP3', 'SP4'],
    );
    // The sample has the gift code; the contacts do not: the save check passes, every message fails.
    const { template } = await app.get(TemplatesService).create({
      name: 'Code anniversaire',
      channel: 'email',
      source:
        '---\nobjective: loyalty\nsubject: Bon anniversaire\npreheader: Votre code cadeau\nsample:\n  attr:\n    gift_code: ANNIV-2027\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>Votre code : {{attr.gift_code}}. <a href="{{unsubscribe_url}}">Se désinscrire</a></mj-text></mj-column></mj-section></mj-body></mjml>',
    });
    const { id } = await app.get(AutomationsService).save({
      ...example('birthday'),
      name: 'Code anniversaire',
      template: template.id,
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'SP' }] },
    });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const status = async () => (await app.get(AutomationsService).list()).find((a) => a.id === id)!;
    await scheduler.tick(new Date('2027-10-05T12:00:00Z'));
    await scheduler.dispatchDue();
    expect(await status()).toMatchObject({ status: 'active', status_reason: null });
    await scheduler.tick(new Date('2027-10-06T12:00:00Z'));
    await scheduler.dispatchDue();
    const paused = await status();
    expect(paused).toMatchObject({
      sent: 0,
      failed: 3,
      status: 'paused',
      status_reason: expect.stringMatching(
        /^paused by itself: its last 3 messages failed \(latest: .*\{\{attr\.gift_code\}\} has no value/,
      ),
    });
    // Paused: the next birthday is not recorded, let alone failed.
    expect(await scheduler.tick(new Date('2027-10-07T12:00:00Z'))).toMatchObject({ queued: 0 });
    const states = await db.query(
      `SELECT d.state, count(*)::int AS n FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id WHERE a.id = $1 GROUP BY 1`,
      [id],
    );
    expect(states).toEqual([{ state: 'failed', n: 3 }]);
    expect(await app.get(AutomationReportService).report(id)).toMatchObject({
      status: 'paused',
      status_reason: paused.status_reason,
      messages: { failed: 3 },
    });
    const listed = await runCli('automation', 'list');
    expect(listed.stdout).toMatch(/paused .* Code anniversaire — paused by itself: its last 3 messages failed/);
    // Under each automation, its trigger in plain French.
    expect(listed.stdout).toMatch(/Code anniversaire — .*\n {4}chaque anniversaire à 09:30, heure du client/);
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual(
      expect.arrayContaining([expect.stringContaining(`automation "Code anniversaire" (${id}) paused by itself`)]),
    );
    warn.mockRestore();
    // Resumed (the cause fixed), it counts again from zero.
    await app.get(AutomationsService).setStatus(id, 'active');
    expect(await status()).toMatchObject({ status: 'active', status_reason: null });
  });

  it('CLI: automation create, automations run --at (JSON of the contract), bad input named', async () => {
    const file = writeFile(
      env.home,
      'seasons.json',
      JSON.stringify({
        ...example('seasons-greetings'),
        segment: { all: [{ field: 'external_id', op: 'eq', value: 'EV1' }] },
      }),
    );
    const created = await runCli('automation', 'create', file, '--json');
    expect(created.code).toBe(0);
    expect(created.json()).toEqual({ id: expect.any(String) });
    const run = await runCli('automations', 'run', '--at', '2027-12-28T10:30:00+01:00', '--json');
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ due: expect.any(Number), queued: expect.any(Number), skipped: expect.any(Object) });
    expect(run.json().queued).toBeGreaterThanOrEqual(1);
    const replay = await runCli('automations', 'run', '--at', '2027-12-28T10:30:00+01:00', '--json');
    expect(replay.json()).toMatchObject({ due: 0, queued: 0 });
    const bad = writeFile(
      env.home,
      'bad.json',
      JSON.stringify({
        name: 'x',
        trigger: { type: 'date_offset', field: 'shoe_size' },
        channel: 'email',
        template: 'templates/email/birthday.mjml',
        sender: SENDER,
      }),
    );
    const refused = await runCli('automation', 'create', bad, '--json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('trigger.field');
    expect((await runCli('automations', 'run', '--at', 'tomorrow')).code).toBe(1);
  });
});
