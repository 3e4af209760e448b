import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ServiceMessagesService } from '../../src/campaigns/service-messages.service';
import { ComplaintEscalationService, ESCALATION_TEMPLATE } from '../../src/complaints/complaint-escalation.service';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintPersonalData } from '../../src/complaints/complaint-personal-data';
import { ComplaintQueriesService } from '../../src/complaints/complaint-queries.service';
import { ComplaintSourcesService } from '../../src/complaints/complaint-sources.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { readMime } from '../../src/templates/email/mime-reader';
import { TemplatesService } from '../../src/templates/templates.service';
import { ResponsesService } from '../../src/responses/responses.service';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationsService } from '../../src/automations/automations.service';
import { ConsentService } from '../../src/consent/consent.service';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SurveysService } from '../../src/responses/surveys.service';
import { contactId, dispatchServiceMessage, SENDER_ENV } from '../support/complaint-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { insertContacts } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('complaints: intake, acknowledgement, workflow, follow-up, escalation (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const sink = new SmtpSink({ keepRaw: true });
  const intake = () => app.get(ComplaintIntakeService);
  const workflow = () => app.get(ComplaintWorkflowService);
  const to = (address: string) => sink.received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      ...SENDER_ENV,
      RELANCE_COMPLAINTS_ESCALATION_EMAIL: 'qualite@maison-atlas.fr',
      RELANCE_COMPLAINTS_CALL_THRESHOLD: '1000',
    });
    app = await startContext();
    db = app.get(DataSource);
    await insertContacts(db, [
      {
        external_id: 'K1',
        civility: 'Mme',
        first_name: 'Inès',
        last_name: 'Alami',
        email: 'ines@exemple.fr',
        phone: '+33612000001',
        country: 'FR',
        timezone: 'Europe/Paris',
      },
      {
        external_id: 'K2',
        civility: 'M.',
        first_name: 'Hugo',
        last_name: 'Martin',
        address_line1: '3 rue des Lilas',
        postal_code: '69003',
        city: 'Lyon',
        country: 'FR',
      },
      {
        external_id: 'K3',
        civility: 'M.',
        first_name: 'Omar',
        last_name: 'Tazi',
        email: 'omar@exemple.ma',
        phone: '+212661000003',
        country: 'MA',
      },
      {
        external_id: 'K4',
        civility: 'Mme',
        first_name: 'Leïla',
        last_name: '<svg onload=alert(2)>',
        email: 'leila@exemple.ma',
        country: 'MA',
      },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('acknowledges once, by e-mail, even when the intake is retried (sequentially and concurrently) with the same key', async () => {
    const request = {
      contact: { external_id: 'K1' },
      channel: 'email' as const,
      receivedAt: new Date('2026-05-22T15:00:00Z'),
      subject: 'Canapé livré abîmé',
      description: 'Le canapé est arrivé avec un pied cassé.',
      urgent: true,
      important: true,
      idempotencyKey: 'crm-4711',
      actor: 'test',
    };
    const results = await Promise.all([
      intake().receive(request),
      intake().receive(request),
      intake().receive(request),
    ]);
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const first = results.find((r) => r.created)!;
    expect(first).toMatchObject({ reference: expect.stringMatching(/^REC-2026-\d{6}$/), status: 'acknowledged' });
    // Friday 22 May 2026 17:00 Paris, Whit Monday off: Tuesday 17:00.
    expect(new Date(first.due_at).toISOString()).toBe('2026-05-26T15:00:00.000Z');
    await dispatchServiceMessage(app, first.acknowledgement_delivery_id!);
    const again = await intake().receive(request);
    expect(again).toMatchObject({
      reference: first.reference,
      created: false,
      acknowledgement_delivery_id: first.acknowledgement_delivery_id,
    });
    await dispatchServiceMessage(app, first.acknowledgement_delivery_id!);
    expect(to('ines@exemple.fr')).toHaveLength(1);
    const deliveries = await db.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE contact_id = $1 AND purpose = 'service'`,
      [await contactId(db, 'K1')],
    );
    expect(deliveries).toEqual([{ n: 1 }]);
    expect(
      await db.query(`SELECT open_complaints FROM contact_feedback WHERE contact_id = $1`, [await contactId(db, 'K1')]),
    ).toEqual([{ open_complaints: 1 }]);
  });

  it('acknowledges by letter without an e-mail address, and creates a prospect for someone unknown', async () => {
    const byLetter = await intake().receive({
      contact: { external_id: 'K2' },
      channel: 'letter',
      subject: 'Facture erronée',
      description: 'Deux fois le même article facturé.',
      registeredLetter: true,
      actor: 'test',
    });
    const [ack] = await db.query(`SELECT channel, purpose FROM deliveries WHERE id = $1`, [
      byLetter.acknowledgement_delivery_id,
    ]);
    expect(ack).toEqual({ channel: 'letter', purpose: 'service' });
    const unknown = await intake().receive({
      contact: { email: 'Nouveau@Exemple.fr', first_name: 'Léa' },
      channel: 'web',
      subject: 'Retard',
      description: 'Commande jamais arrivée.',
      actor: 'test',
    });
    expect(unknown.external_id).toMatch(/^complaint-/);
    const [prospect] = await db.query(
      `SELECT email, first_name, (SELECT count(*)::int FROM purchases p WHERE p.contact_id = c.id) AS orders FROM contacts c WHERE external_id = $1`,
      [unknown.external_id],
    );
    expect(prospect).toEqual({ email: 'nouveau@exemple.fr', first_name: 'Léa', orders: 0 });
  });

  it('follows the workflow, refuses wrong transitions, records compensations, and closes with exactly one complaint_closed event', async () => {
    const { reference, acknowledgement_delivery_id: ack } = await intake().receive({
      contact: { external_id: 'K3' },
      channel: 'phone',
      subject: 'Lave-linge en panne',
      description: 'Panne après une semaine.',
      actor: 'test',
    });
    await dispatchServiceMessage(app, ack!);
    await expect(
      workflow().answer(reference, { summary: 'x', corrective_measures: 'y' }, 'test'),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'complaints.invalid_transition' });
    await expect(workflow().qualify(reference, { cause: 'nope' }, 'test')).rejects.toMatchObject({
      kind: 'invalid',
      details: { fields: [{ field: 'cause' }] },
    });
    const qualified = await workflow().qualify(
      reference,
      { cause: 'product_defect', category: 'product', type: 'good_faith', urgent: true, important: true },
      'alice',
    );
    expect(qualified).toMatchObject({ status: 'qualified', due_rule: 'urgent_and_important' });
    await workflow().assign(
      reference,
      { owner: 'Karim', owner_email: 'karim@maison-atlas.fr', forwarded_to: 'SAV', copy_to: 'qualite' },
      'alice',
    );
    const answered = await workflow().answer(
      reference,
      {
        summary: 'la panne de votre lave-linge',
        corrective_measures: 'un technicien passera jeudi et remplacera la carte électronique.',
        commercial_gesture: 'un bon d’achat de 300 MAD',
        compensation: { kind: 'voucher', amount: 300 },
      },
      'alice',
    );
    expect(answered.status).toBe('answered');
    await dispatchServiceMessage(app, answered.answer_delivery_id!);
    expect(to('omar@exemple.ma')).toHaveLength(2); // acknowledgement and answer
    await expect(workflow().close(reference, { condition: 'unfounded' }, 'alice')).rejects.toMatchObject({
      details: { fields: [{ field: 'explanation' }] },
    });
    const closedAt = new Date();
    const closed = await Promise.all([
      workflow().close(reference, { condition: 'client_satisfied' }, 'alice'),
      workflow().close(reference, { condition: 'client_satisfied' }, 'alice'),
    ]);
    expect(closed.map((c) => c.status)).toEqual(['closed', 'closed']);
    const retried = await workflow().close(reference, { condition: 'client_satisfied' }, 'alice');
    expect(retried.status).toBe('closed');
    await expect(workflow().close(reference, { condition: 'gesture_accepted' }, 'alice')).rejects.toMatchObject({
      kind: 'conflict',
    });
    const events = await db.query(
      `SELECT name, data ->> 'reference' AS reference, idempotency_key FROM contact_events WHERE name = 'complaint_closed' AND contact_id = $1`,
      [await contactId(db, 'K3')],
    );
    expect(events).toEqual([{ name: 'complaint_closed', reference, idempotency_key: `complaint_closed:${reference}` }]);
    // Urgent and important: a follow-up call on the phone list, fifteen days after closure.
    const [call] = await db.query(
      `SELECT d.channel, d.state, d.next_attempt_at FROM complaints c JOIN deliveries d ON d.id = c.follow_up_delivery_id WHERE c.reference = $1`,
      [reference],
    );
    expect(call).toMatchObject({ channel: 'phone', state: 'planned' });
    expect(Math.round((new Date(call.next_attempt_at).getTime() - closedAt.getTime()) / 86_400_000)).toBe(15);
    const file = await app.get(ComplaintQueriesService).get(reference);
    expect(
      (file.transitions as Array<{ to_status: string; actor: string }>).map((t) => `${t.to_status}:${t.actor}`),
    ).toEqual([
      'received:test',
      'acknowledged:system',
      'qualified:alice',
      'in_resolution:alice',
      'answered:alice',
      'closed:alice',
    ]);
    expect(file.compensations).toEqual([
      expect.objectContaining({ kind: 'voucher', amount: 300, currency: 'EUR', granted_on: 'answer' }),
    ]);
    expect(file.client).toMatchObject({ external_id: 'K3', prospect: true });
    expect(
      await db.query(`SELECT open_complaints FROM contact_feedback WHERE contact_id = $1`, [await contactId(db, 'K3')]),
    ).toEqual([{ open_complaints: 0 }]);
  });

  it('closing a complaint schedules exactly one re-satisfaction survey, fifteen days later (the ready-made automation)', async () => {
    const id = await contactId(db, 'K3');
    await app.get(ConsentService).record([
      {
        contactId: id,
        channel: 'email',
        status: 'granted',
        method: 'checkbox',
        legalBasis: 'consent',
        collectedAt: new Date(Date.now() - 60_000),
        wording: "J'accepte de recevoir vos e-mails.",
      },
    ]);
    const followUp = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', 'complaint-follow-up.json'), 'utf8'),
    );
    const { id: automationId } = await app.get(AutomationsService).save(followUp);
    const [event] = await db.query(
      `SELECT occurred_at FROM contact_events WHERE name = 'complaint_closed' AND contact_id = $1`,
      [id],
    );
    const closedAt = new Date(event.occurred_at).getTime();
    const scheduler = app.get(AutomationScheduler);
    // The scheduler every hour from the closure to three weeks later, some ticks twice.
    for (let hour = 0; hour < 21 * 24; hour++) {
      const at = new Date(closedAt + hour * 3_600_000);
      await scheduler.tick(at);
      if (hour % 5 === 0) await scheduler.tick(at);
    }
    const rows = await db.query(
      `SELECT o.outcome, o.due_at, d.channel FROM automation_occurrences o LEFT JOIN deliveries d ON d.id = o.delivery_id WHERE o.automation_id = $1 AND o.contact_id = $2`,
      [automationId, id],
    );
    expect(rows).toEqual([{ outcome: 'queued', due_at: expect.any(Date), channel: 'email' }]);
    const days = (new Date(rows[0].due_at).getTime() - closedAt) / 86_400_000;
    expect(days).toBeGreaterThan(14);
    expect(days).toBeLessThan(16);
  });

  it('dates a backdated qualification, and erasure also clears the product from the workflow log', async () => {
    const { reference } = await intake().receive({
      contact: { external_id: 'K2' },
      channel: 'letter',
      subject: 'Four',
      description: 'Le four chauffe mal.',
      receivedAt: new Date(Date.now() - 7_200_000),
      actor: 'test',
    });
    const at = new Date(Date.now() - 3_600_000);
    await workflow().qualify(
      reference,
      { cause: 'product_defect', category: 'product', product: 'Four FX-200' },
      'alice',
      at,
    );
    const [row] = await db.query(`SELECT id, qualified_at FROM complaints WHERE reference = $1`, [reference]);
    expect(new Date(row.qualified_at).toISOString()).toBe(at.toISOString());
    const logged = () =>
      db.query(`SELECT count(*)::int AS n FROM complaint_transitions WHERE complaint_id = $1 AND details ? 'product'`, [
        row.id,
      ]);
    expect(await logged()).toEqual([{ n: 1 }]);
    const k2 = await contactId(db, 'K2'); // read before: on PGlite another connection waits for the transaction
    await db.transaction((manager) => app.get(ComplaintPersonalData).erase(k2, manager));
    expect(await logged()).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT product FROM complaints WHERE id = $1`, [row.id])).toEqual([{ product: null }]);
  });

  it('opens a complaint from a coupon with the box ticked (once), and from a detractor’s survey answer', async () => {
    const messages = app.get(ServiceMessagesService);
    const k3 = await contactId(db, 'K3');
    const coupon = await messages.send({
      contactId: k3,
      channel: 'letter',
      template: 'templates/letters/complaint-answer.hbs',
      request: {},
      idempotencyKey: 'test-coupon',
    });
    const [{ response_code: code }] = await db.query(`SELECT response_code FROM deliveries WHERE id = $1`, [
      coupon.deliveryId,
    ]);
    const details = { complaint: true, message: 'La télécommande manque dans le carton.\nMerci de me la renvoyer.' };
    await app.get(ResponsesService).record({ kind: 'coupon', code, details, source: 'test' });
    await app.get(ResponsesService).record({ kind: 'coupon', code, details, source: 'test' });
    const fromCoupon = await db.query(`SELECT channel, subject FROM complaints WHERE idempotency_key = $1`, [
      `coupon:${coupon.deliveryId}`,
    ]);
    expect(fromCoupon).toEqual([{ channel: 'coupon', subject: 'La télécommande manque dans le carton.' }]);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM responses WHERE kind = 'complaint' AND delivery_id = $1`, [
        coupon.deliveryId,
      ]),
    ).toEqual([{ n: 1 }]);

    const survey = await messages.send({
      contactId: k3,
      channel: 'email',
      template: 'templates/email/satisfaction-survey.mjml',
      request: {},
      idempotencyKey: 'test-survey',
    });
    const [{ response_code: surveyCode }] = await db.query(`SELECT response_code FROM deliveries WHERE id = $1`, [
      survey.deliveryId,
    ]);
    await app.get(SurveysService).answer(surveyCode, 3, 'Livreur désagréable et en retard.', 'test');
    const receipt = await app.get(ComplaintSourcesService).fromSurvey('K3', 'bob');
    expect(receipt).toMatchObject({ created: true });
    expect((await app.get(ComplaintSourcesService).fromSurvey('K3', 'bob')).reference).toBe(receipt.reference);
    const [row] = await db.query(`SELECT channel, description FROM complaints WHERE reference = $1`, [
      receipt.reference,
    ]);
    expect(row).toEqual({ channel: 'survey', description: 'Livreur désagréable et en retard.' });
  });

  it('threads an e-mail that quotes a reference, and opens a complaint from one that does not', async () => {
    const sources = app.get(ComplaintSourcesService);
    const first = await sources.fromEmail({
      from: 'omar@exemple.ma',
      subject: 'Problème de facture',
      text: 'Je conteste la facture 88.',
      messageId: '<m1@exemple.ma>',
    });
    expect(first.threaded).toBe(false);
    expect(
      (
        await sources.fromEmail({
          from: 'omar@exemple.ma',
          subject: 'Problème de facture',
          text: 'Je conteste la facture 88.',
          messageId: '<m1@exemple.ma>',
        })
      ).reference,
    ).toBe(first.reference);
    const reply = await sources.fromEmail({
      from: 'omar@exemple.ma',
      subject: `Re: ${first.reference}`,
      text: 'Voici la facture.',
      messageId: '<m2@exemple.ma>',
      attachments: [{ name: 'facture.pdf', url: 'https://files.example/f88.pdf' }],
    });
    expect(reply).toEqual({ reference: first.reference, threaded: true });
    const file = await app.get(ComplaintQueriesService).get(first.reference);
    expect(
      (file.messages as Array<{ direction: string; body: string; attachments: unknown[] }>)
        .filter((m) => m.direction === 'inbound')
        .map((m) => [m.body, m.attachments.length]),
    ).toEqual([
      ['Je conteste la facture 88.', 0],
      ['Voici la facture.', 1],
    ]);
  });

  it('records a complaint from the CLI, once per idempotency key, and names a bad field', async () => {
    const file = writeFile(
      env.home,
      'complaint.json',
      JSON.stringify({
        external_id: 'K2',
        channel: 'phone',
        subject: 'Appel',
        description: 'Note d’appel.',
        idempotency_key: 'cli-1',
      }),
    );
    const first = await runCli('complaint', 'create', file, '--json');
    expect(first.code).toBe(0);
    const second = await runCli('complaint', 'create', file, '--json');
    expect(second.json()).toEqual(first.json());
    const bad = await runCli(
      'complaint',
      'create',
      writeFile(
        env.home,
        'bad.json',
        JSON.stringify({ external_id: 'K2', channel: 'phone', subject: 'x', description: 'y', urgent: 'oui' }),
      ),
      '--json',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/urgent:/);
    const shown = await runCli('complaint', 'show', first.json().reference, '--json');
    expect(shown.json()).toMatchObject({
      reference: first.json().reference,
      channel: 'phone',
      client: { external_id: 'K2' },
    });
  });

  it('flags and escalates a complaint past its due date, telling its owner and the escalation address once', async () => {
    const { reference } = await intake().receive({
      contact: { external_id: 'K2' },
      channel: 'letter',
      receivedAt: new Date(Date.now() - 20 * 86_400_000),
      subject: 'Colis perdu',
      description: 'Jamais reçu.',
      actor: 'test',
    });
    await workflow().qualify(reference, { cause: 'delivery_delay' }, 'alice');
    await workflow().assign(reference, { owner: 'Nadia', owner_email: 'nadia@maison-atlas.fr' }, 'alice');
    const escalation = app.get(ComplaintEscalationService);
    const report = await escalation.run();
    expect(report.escalated).toContainEqual({
      reference,
      owner: 'Nadia',
      notified: ['nadia@maison-atlas.fr', 'qualite@maison-atlas.fr'],
    });
    await escalation.run();
    expect(to('nadia@maison-atlas.fr')).toHaveLength(1);
    expect(to('qualite@maison-atlas.fr').length).toBeGreaterThanOrEqual(1);
    const [row] = await db.query(
      `SELECT breached_at IS NOT NULL AS breached, escalated_at IS NOT NULL AS escalated, escalation_notified_at IS NOT NULL AS notified FROM complaints WHERE reference = $1`,
      [reference],
    );
    expect(row).toEqual({ breached: true, escalated: true, notified: true });
    expect(await app.get(ComplaintQueriesService).list({ overdue: true })).toContainEqual(
      expect.objectContaining({ reference, overdue: true }),
    );
  });

  describe('a client\u2019s words in a service message are never printed raw, even by a template asking for them raw (issue 15, item 2)', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const email = (body: string) =>
      `---\nobjective: information\nsubject: Dossier\npreheader: Info\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const html = (raw: Buffer | undefined) =>
      readMime(raw!.toString('utf8')).parts.find((part) => part.type === 'text/html')!.body;
    const escapedHostile = '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;';

    it('in the escalation alert: the client\u2019s subject and name', async () => {
      const { reference } = await intake().receive({
        contact: { external_id: 'K4' },
        channel: 'web',
        receivedAt: new Date(Date.now() - 20 * 86_400_000),
        subject: hostile,
        description: 'Jamais reçu.',
        actor: 'test',
      });
      await workflow().qualify(reference, { cause: 'delivery_delay' }, 'alice');
      await workflow().assign(reference, { owner: 'Yanis', owner_email: 'yanis@maison-atlas.fr' }, 'alice');
      const [{ id }] = await db.query(`SELECT id::text FROM complaints WHERE reference = $1`, [reference]);
      const templates = app.get(TemplatesService);
      const stored = async (body: string) =>
        (await templates.create({ name: `Alerte ${body.length}`, channel: 'email', source: email(body) })).template.id;
      // The escalation's template, replaced by a stored one that asks for the client's text raw.
      let escalationTemplate = await stored('Objet : {{{campaign.data.complaint_subject}}}');
      const resolve = templates.resolve.bind(templates);
      const spy = jest
        .spyOn(templates, 'resolve')
        .mockImplementation((reference, options) =>
          resolve(reference === ESCALATION_TEMPLATE ? escalationTemplate : reference, options),
        );
      const alerts = () =>
        sink.received.filter(
          (m) => m.to.includes('yanis@maison-atlas.fr') && m.messageId?.includes(`escalation.${id}.`),
        );
      try {
        // The client's subject is no campaign data: the template cannot find it there.
        await app.get(ComplaintEscalationService).run();
        expect(alerts()).toEqual([]);
        const [failed] = await db.query(`SELECT escalation_error FROM complaints WHERE id = $1`, [id]);
        expect(failed.escalation_error).toContain('campaign.data.complaint_subject');
        // It is the request's, and printed escaped even in raw position.
        escalationTemplate = await stored(
          'Objet : {{{request.complaint_subject}}} ; client : {{{request.client_name}}} ; {{& @root.request.complaint_subject}}',
        );
        await app.get(ComplaintEscalationService).run();
      } finally {
        spy.mockRestore();
      }
      expect(alerts()).toHaveLength(1);
      const body = html(alerts()[0].raw);
      expect(body).toContain(
        `Objet : ${escapedHostile} ; client : Leïla &lt;svg onload&#x3D;alert(2)&gt; ; ${escapedHostile}`,
      );
      expect(body).not.toMatch(/<img src=x|<svg/);
    });

    it('in any service message (acknowledgement, answer, follow-up, sign-up): the request\u2019s data', async () => {
      const k4 = await contactId(db, 'K4');
      const { template } = await app.get(TemplatesService).create({
        name: 'Accusé brut',
        channel: 'email',
        source: email('Votre demande : {{{request.complaint_subject}}} {{& request.complaint_subject}}'),
      });
      const sent = await app.get(ServiceMessagesService).send({
        contactId: k4,
        channel: 'email',
        template: template.id,
        request: { complaint_subject: hostile },
        idempotencyKey: 'test-raw-request',
      });
      await dispatchServiceMessage(app, sent.deliveryId);
      const received = sink.received.filter(
        (m) => m.to.includes('leila@exemple.ma') && readMime(m.raw!.toString('utf8')).headers.subject === 'Dossier',
      );
      expect(received).toHaveLength(1);
      const body = html(received[0].raw);
      expect(body).toContain(`Votre demande : ${escapedHostile} ${escapedHostile}`);
      expect(body).not.toContain('<img src=x');
    });
  });
});
