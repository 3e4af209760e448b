import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { demoCampaigns } from '../../src/demo/demo-campaigns';
import { readMime } from '../../src/templates/email/mime-reader';
import { plainText } from '../../src/templates/letters/light-markup';
import type { RenderedLetterMessage } from '../../src/templates/prepared-template';
import type { RenderedPhone } from '../../src/templates/phone/call-script';
import { CallListService } from '../../src/templates/phone/call-list.service';
import type { RenderedEmail } from '../../src/templates/email/email-template';
import type { RenderedSms } from '../../src/templates/sms/sms-template';
import { TemplateDataService } from '../../src/templates/template-data.service';
import { TemplateLibrary } from '../../src/templates/template-library';
import { TemplateLintService } from '../../src/templates/template-lint.service';
import { TemplatePreviewService } from '../../src/templates/template-preview.service';
import { TemplateRenderService } from '../../src/templates/template-render.service';
import { TemplatesService } from '../../src/templates/templates.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { FRENCH_SENDER, insertContacts } from '../support/template-fixtures';

describe('templates: library, versions, rendering for the campaign engine (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let templates: TemplatesService;
  let renderer: TemplateRenderService;

  beforeAll(async () => {
    env = await createTestEnvironment({ PUBLIC_URL: 'https://relance.example' });
    app = await startContext();
    db = app.get(DataSource);
    templates = app.get(TemplatesService);
    renderer = app.get(TemplateRenderService);
    await insertContacts(db, 1000, 'V');
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('has a library in which every template lints with no error', async () => {
    const library = app.get(TemplateLibrary).list();
    expect(library.length).toBeGreaterThanOrEqual(35);
    for (const channel of ['email', 'letter', 'sms', 'phone'])
      expect(library.some((entry) => entry.channel === channel)).toBe(true);
    for (const entry of library) {
      const { report } = await app.get(TemplateLintService).lint(await templates.resolve(entry.reference));
      expect({ template: entry.reference, errors: report.errors }).toEqual({ template: entry.reference, errors: [] });
    }
  });

  it('fails when a variable is missing for 3 of 1,000 contacts, naming the variable and the 3 contacts', async () => {
    await db.query(`UPDATE contacts SET first_name = NULL WHERE external_id IN ('V00017', 'V00512', 'V00998')`);
    const { template } = await templates.create({
      name: 'Bonjour',
      channel: 'sms',
      source: '---\nobjective: information\n---\nBonjour {{first_name}}, votre commande est prête.',
    });
    const prepared = await renderer.prepare(await templates.resolve(template.id));
    const contacts = await app
      .get(TemplateDataService)
      .load(Array.from({ length: 1000 }, (_, index) => `V${String(index + 1).padStart(5, '0')}`));
    const recipients = contacts.map(({ contact, purchases }) => ({
      external_id: String(contact.external_id),
      data: renderer.recipientData(contact, { sender: FRENCH_SENDER, purchases }),
    }));
    expect(() => renderer.assertRenderable(prepared, recipients)).toThrow(
      /\{\{first_name\}\} has no value for 3 of 1000 contacts \(V00017, V00512, V00998\)/,
    );
    expect(renderer.checkRecipients(prepared, recipients).missing).toEqual([
      { variable: 'first_name', count: 3, external_ids: ['V00017', 'V00512', 'V00998'] },
    ]);
  });

  it('blocks a launch on lint errors, and on recipients lacking a variable', async () => {
    const { template } = await templates.create({
      name: 'Sans coupon',
      channel: 'letter',
      source: '---\nobjective: sale\naccroche: Offre\nps: Vite\n---\nVous gagnez.\n',
    });
    await expect(templates.assertLaunchable(await templates.resolve(template.id), [])).rejects.toMatchObject({
      code: 'templates.lint_failed',
      message: expect.stringContaining('[coupon-missing]'),
    });
    const snapshot = (await templates.pin('templates/sms/promotion.hbs')).snapshot;
    const data = renderer.recipientData(
      { external_id: 'X' },
      {
        sender: FRENCH_SENDER,
        campaign: { data: { promotion_name: 'Soldes', discount_percent: 20 } },
        responseCode: 'R1',
      },
    );
    await expect(templates.assertLaunchable(snapshot, [{ external_id: 'X', data }])).rejects.toMatchObject({
      message: expect.stringContaining('{{campaign.data.ends_on}} has no value for 1 of 1 contact (X)'),
    });
    const complete = {
      ...data,
      campaign: { data: { promotion_name: 'Soldes', discount_percent: 20, ends_on: '2027-01-31' } },
    };
    expect((await templates.assertLaunchable(snapshot, [{ external_id: 'X', data: complete }])).channel).toBe('sms');
  });

  it('renders hostile contact data as inert text on every channel', async () => {
    await db.query(`UPDATE contacts SET first_name = '<script>alert(1)</script>' WHERE external_id = 'V00001'`);
    await db.query(`UPDATE contacts SET first_name = '{{constructor.constructor}}' WHERE external_id = 'V00002'`);
    const preview = app.get(TemplatePreviewService);
    const email = (await preview.preview({
      template: 'templates/email/birthday.mjml',
      contact: 'V00001',
    })) as unknown as RenderedEmail;
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.subject).toBe('Joyeux anniversaire, <script>alert(1)</script> !');
    const injected = (await preview.preview({
      template: 'templates/email/birthday.mjml',
      contact: 'V00002',
    })) as unknown as RenderedEmail;
    expect(injected.subject).toBe('Joyeux anniversaire, {{constructor.constructor}} !');
    expect(injected.text).toContain('Joyeux anniversaire, {{constructor.constructor}} !');
    const sms = (await preview.preview({
      template: 'templates/sms/birthday.hbs',
      contact: 'V00002',
    })) as unknown as RenderedSms;
    expect(sms.text).toContain('joyeux anniversaire {{constructor.constructor}} !');
    const letter = await preview.preview({ template: 'templates/letters/birthday.hbs', contact: 'V00001' });
    expect(letter.text).toContain("<script>alert(1)</script>, c'est votre jour");
  });

  it("previews a service message with the request given (a complaint's answer), over the template's sample one", async () => {
    const preview = app.get(TemplatePreviewService);
    const letter = await preview.preview({
      template: 'templates/letters/complaint-answer.hbs',
      contact: 'V00001',
      request: {
        complaint_reference: 'REC-2026-000042',
        complaint_received_on: '2026-11-02',
        complaint_summary: 'Table rayée',
        corrective_measures: 'nous la remplaçons',
        commercial_gesture: '',
      },
    });
    expect(letter.text).toContain('Table rayée');
    expect(letter.text).toContain('nous la remplaçons');
    expect(letter.text).not.toContain('geste commercial');
    expect(letter.text).not.toContain('Canapé');
  });

  it('never puts contact data raw into an e-mail, even from a stored template that tries (issue 15, item 2)', async () => {
    const probe =
      'A:{{#with first_name}}{{{this}}}{{/with}} B:{{#with attr as |sender|}}{{{sender.note}}}{{/with}} C:{{#with last_name}}{{{.}}}{{/with}}';
    const source = `---\nobjective: information\nsubject: Votre dossier\npreheader: Info\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>Vous : ${probe} {{{sender.name}}}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const { template, version } = await templates.create({ name: 'Sonde', channel: 'email', source });
    expect(version.lint.errors.map((issue) => issue.rule)).toEqual(['raw-output', 'raw-output', 'raw-output']);
    await expect(templates.assertLaunchable(await templates.resolve(template.id), [])).rejects.toMatchObject({
      code: 'templates.lint_failed',
      message: expect.stringContaining('{{{this}}}'),
    });
    // Rendered anyway (a version stored before the rule, a library file): escaped, not raw.
    const prepared = await renderer.prepare(await templates.resolve(template.id));
    const hostile = {
      external_id: 'X',
      first_name: '<img src=x onerror=alert(1)>',
      last_name: '<b>C</b>',
      email: 'x@exemple.fr',
      attributes: { note: '<script>b</script>' },
    };
    const data = renderer.recipientData(hostile, { sender: { ...FRENCH_SENDER, name: 'Maison <b>Atlas</b>' } });
    const message = renderer.renderEmailMessage(prepared, data, {
      from: { name: 'M', address: FRENCH_SENDER.email },
      to: { name: 'X', address: 'x@exemple.fr' },
      messageId: 'p@relance.example',
    });
    const html = readMime(message.toString('utf8')).parts.find((part) => part.type === 'text/html')!.body;
    expect(html).toContain(
      'A:&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; B:&lt;script&gt;b&lt;/script&gt; C:&lt;b&gt;C&lt;/b&gt; Maison <b>Atlas</b>',
    );
    expect(html).not.toMatch(/<img src=x|<script>b|<b>C</);
  });

  it('dates the demo invitation letters on the send day, before the evening they invite to (issue 15, item 21)', async () => {
    const sendDay = new Date('2026-10-05T09:00:00Z');
    const letter = demoCampaigns(2026, sendDay).find((plan) => plan.key === 'letter')!.definition as {
      template: string;
      sender: typeof FRENCH_SENDER;
      data: Record<string, string>;
    };
    const prepared = await renderer.prepare(await templates.resolve(letter.template), { sender: letter.sender });
    // The engine prints now, six weeks after the story's send day.
    const data = renderer.recipientData(
      {
        external_id: 'D1',
        civility: 'Mme',
        first_name: 'Salma',
        last_name: 'Berrada',
        address_line1: '4 rue Ibn Battouta',
        postal_code: '20250',
        city: 'Casablanca',
        country: 'MA',
      },
      {
        sender: letter.sender,
        campaign: { data: letter.data },
        responseCode: 'R-1',
        today: '2026-11-16',
      },
    );
    const rendered = renderer.render(prepared, data) as RenderedLetterMessage;
    expect(rendered.content.placeDate).toBe('Casablanca, le 5 octobre 2026');
    expect(letter.data.letter_date < letter.data.rsvp_by && letter.data.rsvp_by < letter.data.event_date).toBe(true);
    expect(rendered.text).toContain('vendredi 23 octobre 2026');
    // Without letter_date, the day of printing, as before.
    const { letter_date: _date, ...undated } = letter.data;
    expect(
      (renderer.render(prepared, { ...data, campaign: { data: undated } }) as RenderedLetterMessage).content.placeDate,
    ).toBe('Casablanca, le 16 novembre 2026');
  });

  it("answers a complaint with the operator's texts as typed, capitals or not, and the sentences read right (issue 15, item 21)", async () => {
    const typed = {
      complaint_reference: 'R-2026-0007',
      complaint_received_on: '2026-11-20',
      complaint_summary: 'Retard de livraison du canapé',
      corrective_measures: 'Nous avons changé de transporteur.',
      commercial_gesture: 'Un avoir de 500 MAD',
    };
    const contact = {
      external_id: 'K1',
      civility: 'M.',
      first_name: 'Omar',
      last_name: 'Bennani',
      email: 'omar@exemple.ma',
      address_line1: '4 rue Ibn Battouta',
      postal_code: '20250',
      city: 'Casablanca',
      country: 'MA',
    };
    const render = async (reference: string, values: Record<string, string>) => {
      const prepared = await renderer.prepare(await templates.resolve(reference), { sender: FRENCH_SENDER });
      return renderer.render(
        prepared,
        renderer.recipientData(contact, { sender: FRENCH_SENDER, request: values, responseCode: 'R-1' }),
      );
    };
    const letter = (await render('templates/letters/complaint-answer.hbs', typed)) as RenderedLetterMessage;
    const email = (await render('templates/email/complaint-answer.mjml', typed)) as RenderedEmail;
    for (const text of [letter.text, email.text]) {
      expect(text).toContain('Votre réclamation : Retard de livraison du canapé');
      expect(text).toContain('Ce que nous avons fait : Nous avons changé de transporteur.');
      expect(text).toContain('Notre geste commercial : Un avoir de 500 MAD');
      // The operator's text never follows an article or a preposition in mid-sentence.
      expect(text).not.toMatch(/\b(de|du|des|au sujet de|concernant|proposons) (Retard|Un avoir|Nous avons)/);
    }
    const { commercial_gesture: _gesture, ...noGesture } = typed;
    const plain = (await render('templates/letters/complaint-answer.hbs', noGesture)) as RenderedLetterMessage;
    expect(plain.text).not.toContain('geste');
    expect(plain.content.body.map(plainText).filter((paragraph) => !paragraph.trim())).toEqual([]);
    const call = (await render('templates/phone/complaint-follow-up.hbs', typed)) as RenderedPhone;
    expect(call.sections.find((section) => section.key === 'reason')!.text).toContain(
      'votre réclamation (objet : Retard de livraison du canapé).',
    );
  });

  it('versions stored templates: a pinned version keeps rendering what it launched with', async () => {
    const source = (subject: string) =>
      `---\nobjective: information\nsubject: ${subject}\npreheader: Info\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>Vous, {{first_name}}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const created = await templates.create({ name: 'Info', channel: 'email', source: source('Version un') });
    expect(created.version.version).toBe(1);
    const launched = await templates.pin(created.template.id);
    const updated = await templates.update(created.template.id, { source: source('Version deux') });
    expect(updated).toMatchObject({ created: true, version: { version: 2 } });
    expect((await templates.update(created.template.id, { source: source('Version deux') })).created).toBe(false);
    const data = renderer.recipientData({ external_id: 'X', first_name: 'Inès' }, { sender: FRENCH_SENDER });
    const pinned = await renderer.prepare(await templates.pinned(launched.version.id));
    const current = await renderer.prepare(await templates.resolve(created.template.id));
    expect((renderer.render(pinned, data) as RenderedEmail).subject).toBe('Version un');
    expect((renderer.render(current, data) as RenderedEmail).subject).toBe('Version deux');
    expect((await templates.versions(created.template.id)).map((version) => version.version)).toEqual([1, 2]);
  });

  it('stores a library file the first time a campaign pins it, and keeps the version while it is unchanged', async () => {
    const first = await templates.pin('templates/letters/winback.hbs');
    const again = await templates.pin('templates/letters/winback.hbs');
    expect(again.version.id).toBe(first.version.id);
    expect(first.snapshot).toMatchObject({ reference: 'templates/letters/winback.hbs', version: 1 });
    expect(first.version.lint.errors).toEqual([]);
    await expect(templates.update(first.snapshot.templateId!, { source: 'x' })).rejects.toMatchObject({
      code: 'templates.library_template',
    });
  });

  it('builds complete MIME messages whose parts are the rendered e-mail', async () => {
    const prepared = await renderer.prepare(await templates.resolve('templates/email/birthday.mjml'));
    const [{ contact, purchases }] = await app.get(TemplateDataService).load(['V00005']);
    const data = renderer.recipientData(contact, {
      sender: FRENCH_SENDER,
      campaign: { data: { gift_amount: 30 } },
      purchases,
      responseCode: 'AB-12',
      unsubscribeUrl: 'https://relance.example/u/t',
    });
    const rendered = renderer.render(prepared, data) as RenderedEmail;
    const message = renderer.renderEmailMessage(prepared, data, {
      from: { name: FRENCH_SENDER.name, address: FRENCH_SENDER.email },
      to: { name: 'Anaïs Lefèvre-5', address: String(contact.email) },
      messageId: 'd1@relance.example',
      listUnsubscribe: '<https://relance.example/u/t>',
      listUnsubscribePost: 'List-Unsubscribe=One-Click',
    });
    const { headers, parts } = readMime(message.toString('utf8'));
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(parts).toEqual([
      { type: 'text/plain', body: rendered.text },
      { type: 'text/html', body: rendered.html },
    ]);
    expect(rendered.html).toContain('30\u00a0€');
  });

  it('orders the call list by value (value_tier when the segmentation provides it) and says when to call', async () => {
    await db.query(`INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency)
      SELECT c.id, 'O-' || c.external_id || '-' || n, timestamptz '2026-06-01 18:30+02' - n * interval '9 days', 100 * (c.id % 7 + 1), 'EUR'
      FROM contacts c, generate_series(1, 4) AS n WHERE c.external_id IN ('V00100', 'V00101', 'V00102')`);
    const calls = app.get(CallListService);
    const template = await templates.resolve('templates/phone/winback.hbs');
    const options = {
      externalIds: ['V00100', 'V00101', 'V00102', 'V00103'],
      template,
      sender: FRENCH_SENDER,
      campaignData: { voucher_amount: 200, voucher_ends_on: '2027-01-31' },
      asOf: new Date('2026-07-01T00:00:00Z'),
    };
    const rows = await calls.build(options);
    expect(rows.map((row) => row.purchases_24m)).toEqual(
      [...rows.map((row) => row.purchases_24m)].sort((a, b) => b - a),
    );
    expect(rows[0]).toMatchObject({
      priority: 1,
      value_tier_source: 'purchases_24m',
      best_time_from: '18:00',
      best_time_to: '20:00',
      best_time_basis: 'purchase_habits',
      timezone: 'Europe/Paris',
    });
    expect(rows[3]).toMatchObject({
      external_id: 'V00103',
      orders_24m: 0,
      value_tier: 'tail',
      best_time_basis: 'default_person',
    });
    expect(rows[0].script?.sections.map((section) => section.key)).toContain('branch:objection');
    expect(calls.toCsv(rows).split('\r\n')[0]).toBe(
      'priority,external_id,name,company_name,phone,value_tier,value_tier_source,purchases_24m,orders_24m,currency,last_purchase_at,best_day,best_time_from,best_time_to,timezone,best_time_basis',
    );
    // Once segmentation adds value_tier to contacts, it decides the order.
    await db.query(`ALTER TABLE contacts ADD COLUMN value_tier text`);
    await db.query(`UPDATE contacts SET value_tier = CASE external_id WHEN 'V00103' THEN 'top' ELSE 'tail' END`);
    const segmented = await calls.build({ ...options, template: undefined });
    expect(segmented[0]).toMatchObject({ external_id: 'V00103', value_tier: 'top', value_tier_source: 'segmentation' });
    await db.query(`ALTER TABLE contacts DROP COLUMN value_tier`);
  });
});
