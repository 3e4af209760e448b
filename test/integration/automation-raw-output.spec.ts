import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationsService } from '../../src/automations/automations.service';
import { ContactEvents } from '../../src/contacts/contact-events';
import { readMime } from '../../src/templates/email/mime-reader';
import { TemplatesService } from '../../src/templates/templates.service';
import { insertContacts, setConsent } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', `${name}.json`), 'utf8'));
const HOSTILE = '<img src=x onerror=alert(1)>';

/** A stored e-mail template (what the linter cannot stop from being sent: raw output of what it cannot know). */
const email = (text: string) =>
  `---\nobjective: loyalty\nsubject: Merci\npreheader: Votre parrainage\nsample:\n  campaign:\n    data:\n      filleul: Hamza\n---\n` +
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text} <a href="{{unsubscribe_url}}">Se désinscrire</a></mj-text></mj-column></mj-section></mj-body></mjml>`;

describe('automations never print what their trigger or an event brings raw (issue 15, item 2; real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let contacts: Map<string, string>;
  const sink = new SmtpSink({ keepRaw: true });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({ SMTP_URL: sink.url, RELANCE_TIMEZONE: 'Europe/Paris' });
    app = await startContext();
    db = app.get(DataSource);
    contacts = await insertContacts(db, [
      { external_id: 'RW1', first_name: 'Imane', last_name: 'Tazi', email: 'imane@exemple.ma', country: 'MA' },
      { external_id: 'RW2', first_name: 'Omar', last_name: 'Bennani', email: 'omar@exemple.ma', country: 'MA' },
    ]);
    for (const id of contacts.values()) await setConsent(db, id, 'email', 'granted', 'checkbox');
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  const referral = (name: string, template: string, who: string, data: Record<string, unknown>) => ({
    ...example('referral-thanks'),
    name,
    template,
    holdout_percent: 0,
    data,
    segment: { all: [{ field: 'external_id', op: 'eq', value: who }] },
  });
  /** The HTML of the thank-you e-mails a contact received. */
  const received = (address: string) =>
    sink.received
      .filter((m) => m.to.includes(address))
      .map((m) => readMime(m.raw!.toString('utf8')))
      .filter((mime) => mime.headers.subject === 'Merci')
      .map((mime) => mime.parts.find((part) => part.type === 'text/html')!.body);

  it("an event's data, from a stored template asking for it raw: escaped, or the message fails saying why", async () => {
    const templates = app.get(TemplatesService);
    const automations = app.get(AutomationsService);
    const raw = (
      await templates.create({
        name: 'Merci brut',
        channel: 'email',
        source: email('{{{campaign.data.intro}}} Filleul : {{{campaign.data.filleul}}}'),
      })
    ).template;
    const escaped = (
      await templates.create({
        name: 'Merci échappé',
        channel: 'email',
        source: email('{{{campaign.data.intro}}} Filleul : {{campaign.data.filleul}}'),
      })
    ).template;
    // What only the event gives cannot be printed raw: refused when the automation is saved.
    await expect(
      automations.save(referral('Parrainage brut', raw.id, 'RW1', { intro: '<b>Merci</b>' })),
    ).rejects.toMatchObject({
      code: 'automations.raw_trigger_data',
      message: expect.stringContaining(
        'prints {{{campaign.data.filleul}}} raw, but what the trigger or the event brings is never printed raw',
      ),
      details: {
        fields: [{ field: 'steps[0].template', reason: expect.stringContaining('write {{campaign.data.filleul}}') }],
      },
    });
    // With the automation's own value for the name it is saved; the event's value replaces it, escaped or not at all.
    await automations.save(
      referral('Parrainage brut', raw.id, 'RW1', { intro: '<b>Merci</b>', filleul: 'votre filleul' }),
    );
    await automations.save(
      referral('Parrainage échappé', escaped.id, 'RW2', { intro: '<b>Merci</b>', filleul: 'votre filleul' }),
    );
    for (const [who, id] of contacts) {
      await app.get(ContactEvents).record({
        contactId: id,
        name: 'referral_succeeded',
        occurredAt: new Date('2027-06-01T10:00:00Z'),
        idempotencyKey: `referral:${who}`,
        data: { filleul: HOSTILE },
      });
    }
    await app.get(AutomationScheduler).tick(new Date('2027-06-01T12:00:00Z'));
    await app.get(AutomationScheduler).dispatchDue();
    expect(received('imane@exemple.ma')).toEqual([]);
    const [failed] = await db.query(
      `SELECT d.state, d.reason FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id WHERE a.name = 'Parrainage brut'`,
    );
    expect(failed).toEqual({
      state: 'failed',
      reason: expect.stringContaining(
        '{{{campaign.data.filleul}}} prints raw only what the campaign or automation itself gives',
      ),
    });
    // The operator's own block raw, the event's name escaped: the documented use goes on working.
    expect(received('omar@exemple.ma')).toEqual([
      expect.stringContaining('<b>Merci</b> Filleul : &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'),
    ]);
    // (The plain-text part has it as text, which is what it is there.)
    expect([...received('imane@exemple.ma'), ...received('omar@exemple.ma')].join('\n')).not.toContain('<img src=x');
  });

  it('refuses, when saved, a raw output of what any trigger sets, even where the automation gives that name', async () => {
    const { template } = await app.get(TemplatesService).create({
      name: 'Commande brute',
      channel: 'email',
      source: email('Votre commande {{& campaign.data.order_id}}'),
    });
    const survey = {
      ...example('satisfaction-survey'),
      name: 'Commande brute',
      channel: 'email',
      template: template.id,
      data: { order_id: 'opérateur' },
    };
    await expect(app.get(AutomationsService).save(survey)).rejects.toMatchObject({
      code: 'automations.raw_trigger_data',
      message: expect.stringContaining(
        'prints {{{campaign.data.order_id}}} raw, but what the trigger brings is never printed raw',
      ),
    });
  });
});
