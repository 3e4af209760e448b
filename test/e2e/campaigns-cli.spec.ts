import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { writeDeliveryList } from '../../src/campaigns/campaign.command';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { runCli } from '../support/cli';
import { SENDER } from '../support/campaign-fixtures';
import { writeFile } from '../support/files';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

describe('campaigns from the command line, progress through the API', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    const contacts = [
      'external_id,first_name,email',
      ...Array.from({ length: 30 }, (_, i) => `CL${i},Inès,cl${i}@exemple.fr`),
    ];
    const consents = [
      'external_id,channel,status,method,source,collected_at,wording',
      ...Array.from({ length: 30 }, (_, i) => `CL${i},email,granted,checkbox,site web,2026-01-10T09:00:00Z,J'accepte`),
    ];
    expect((await runCli('import', 'contacts', writeFile(env.home, 'c.csv', contacts.join('\n')), '--json')).code).toBe(
      0,
    );
    expect((await runCli('import', 'consents', writeFile(env.home, 'k.csv', consents.join('\n')), '--json')).code).toBe(
      0,
    );
  });

  afterAll(async () => {
    await env?.close();
  });

  async function createDraft(name: string): Promise<string> {
    const file = writeFile(
      env.home,
      `${name}.json`,
      JSON.stringify({
        name,
        objective: 'launch',
        segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'CL' }] },
        holdout_percent: 10,
        channel: 'email',
        template: 'templates/email/new-products.mjml',
        sender: SENDER,
        costs: { fixed: 50, per_message: { email: 0.01 }, currency: 'EUR' },
        data: { collection_name: 'Printemps', launch_date: '2027-03-01' },
      }),
    );
    const created = await runCli('campaign', 'create', file, '--json');
    expect(created.code).toBe(0);
    return created.json().id;
  }

  it('launch --wait --json prints one JSON document; the progress bar goes to stderr, and only on a terminal', async () => {
    const id = await createDraft('Sans terminal');
    const plain = await runCli('campaign', 'launch', id, '--wait', '--json');
    expect(plain.code).toBe(0);
    expect(plain.json()).toEqual({ id, status: 'completed' });
    expect(plain.stderr).not.toContain('\r[');

    const tty = await createDraft('Au terminal');
    const saved = { isTTY: process.stderr.isTTY, ci: process.env.CI };
    process.stderr.isTTY = true;
    delete process.env.CI;
    try {
      const shown = await runCli('campaign', 'launch', tty, '--wait', '--json');
      expect(shown.json()).toEqual({ id: tty, status: 'completed' });
      expect(shown.stderr).toMatch(/\r\[#{30}\] 100% 27\/27 messages/);
    } finally {
      process.stderr.isTTY = saved.isTTY;
      if (saved.ci !== undefined) process.env.CI = saved.ci;
    }

    const report = (await runCli('campaign', 'report', id, '--json')).json();
    expect(report).toMatchObject({
      status: 'completed',
      audience: { segment: 30, holdout: 3, targeted: 27 },
      messages: { sent: 27, delivered: 27 },
      cost: 50.27,
      currency: 'EUR',
    });
    const deliveries = (await runCli('campaign', 'deliveries', id, '--json')).json();
    expect(deliveries[0]).toMatchObject({
      delivery_id: expect.any(String),
      step: 1,
      channel: 'email',
      state: 'delivered',
      holdout: false,
    });
    // The 27 messages, then the 3 members of the control group, who got none.
    expect(deliveries).toHaveLength(30);
    const heldOut = deliveries.filter((row: { holdout: boolean }) => row.holdout);
    expect(deliveries.slice(27)).toEqual(heldOut);
    expect(heldOut).toEqual(
      Array.from({ length: 3 }, () => ({
        delivery_id: null,
        step: null,
        channel: null,
        external_id: expect.stringMatching(/^CL\d+$/),
        state: 'held_out',
        response_code: null,
        holdout: true,
        reason: null,
        sent_at: null,
      })),
    );
    const everyone = new Set(deliveries.map((row: { external_id: string }) => row.external_id));
    expect(everyone.size).toBe(30);
    const csv = (await runCli('campaign', 'deliveries', id, '--csv')).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('delivery_id,step,channel,external_id,state,response_code,holdout,reason,sent_at');
    expect(csv).toHaveLength(31);
    expect(csv.filter((line) => line.endsWith(',held_out,,true,,'))).toHaveLength(3);
    expect((await runCli('campaign', 'deliveries', id)).stdout).toMatch(/held_out/);
  });

  it('refuses at create a campaign whose template does not exist or is of another channel, naming the field (issue 15, item 15)', async () => {
    const draft = (overrides: Record<string, unknown>) => ({
      name: 'Fantôme',
      objective: 'launch',
      segment: { all: [] },
      sender: SENDER,
      costs: { currency: 'EUR' },
      ...overrides,
    });
    const missing = await runCli(
      'campaign',
      'create',
      writeFile(
        env.home,
        'ghost.json',
        JSON.stringify(draft({ channel: 'email', template: 'templates/email/nope.mjml' })),
      ),
      '--json',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/template: no template file templates\/email\/nope\.mjml/);
    const stored = await runCli(
      'campaign',
      'create',
      writeFile(
        env.home,
        'ghost2.json',
        JSON.stringify(
          draft({
            steps: [
              { channel: 'email', template: 'templates/email/new-products.mjml' },
              { channel: 'sms', template: '00000000-0000-4000-8000-000000000000', delay_days: 3 },
            ],
          }),
        ),
      ),
      '--json',
    );
    expect(stored.code).toBe(1);
    expect(stored.stderr).toMatch(
      /steps\[1\]\.template: no stored template with id "00000000-0000-4000-8000-000000000000"/,
    );
    const channel = await runCli(
      'campaign',
      'create',
      writeFile(
        env.home,
        'ghost3.json',
        JSON.stringify(draft({ channel: 'sms', template: 'templates/email/new-products.mjml' })),
      ),
      '--json',
    );
    expect(channel.code).toBe(1);
    expect(channel.stderr).toContain(
      'template: templates/email/new-products.mjml is an email template, the step is sms',
    );
    expect((await runCli('campaign', 'list', '--json')).json().map((c: { name: string }) => c.name)).not.toContain(
      'Fantôme',
    );
  });

  describe('over HTTP', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await startHttp();
    });

    afterAll(async () => {
      await app?.close();
    });

    it('gives live counts per delivery state, per step and in total, and the campaign history', async () => {
      const key = (await app.get(ApiKeyService).create('manager')).key;
      const id = await createDraft('Suivi');
      const before = await request(app.getHttpServer())
        .get(`/api/v1/campaigns/${id}/progress`)
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      expect(before.body).toMatchObject({
        id,
        status: 'draft',
        totals: {},
        steps: [{ position: 1, channel: 'email', status: 'pending', states: {} }],
      });
      expect((await runCli('campaign', 'launch', id, '--json')).json()).toEqual({ id, status: 'running' });
      const launched = await request(app.getHttpServer())
        .get(`/api/v1/campaigns/${id}/progress`)
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      expect(launched.body).toMatchObject({
        status: 'running',
        totals: { planned: 27 },
        steps: [{ status: 'planned', states: { planned: 27 } }],
      });
      await runCli('campaign', 'pause', id, '--json');
      const shown = await request(app.getHttpServer())
        .get(`/api/v1/campaigns/${id}`)
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      expect(shown.body).toMatchObject({ status: 'paused', progress: { planned: 27 } });
      expect(shown.body.events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['created', 'launch']),
      );
      await request(app.getHttpServer())
        .get('/api/v1/campaigns/00000000-0000-0000-0000-000000000000/progress')
        .set('Authorization', `Bearer ${key}`)
        .expect(404);
    });

    it('lists the control group after the deliveries, page by page, in JSON and CSV', async () => {
      const key = (await app.get(ApiKeyService).create('marketer')).key;
      const id = await createDraft('Groupe témoin');
      await runCli('campaign', 'launch', id, '--wait', '--json');
      const get = (query: string) =>
        request(app.getHttpServer())
          .get(`/api/v1/campaigns/${id}/deliveries${query}`)
          .set('Authorization', `Bearer ${key}`)
          .expect(200);
      // 27 deliveries and 3 held out: a page of 28 ends in the control group, the next one finishes it.
      const first = await get('?limit=28');
      expect(first.body).toHaveLength(28);
      expect(first.body.filter((row: { holdout: boolean }) => row.holdout)).toEqual([
        expect.objectContaining({ delivery_id: null, state: 'held_out', step: null }),
      ]);
      const after = first.headers['x-next-after'];
      expect(after).toMatch(/^holdout:\d+$/);
      expect(first.headers.link).toBe(
        `</api/v1/campaigns/${id}/deliveries?after=${encodeURIComponent(after)}&limit=28>; rel="next"`,
      );
      const second = await get(`?limit=28&after=${after}`);
      expect(second.body).toEqual([
        expect.objectContaining({ holdout: true }),
        expect.objectContaining({ holdout: true }),
      ]);
      expect(second.headers['x-next-after']).toBeUndefined();
      const everyone = [...first.body, ...second.body].map((row: { external_id: string }) => row.external_id);
      expect(new Set(everyone).size).toBe(30);
      // A page that ends on a delivery goes on from that delivery's id, as it always did.
      const byDelivery = await get('?limit=10');
      expect(byDelivery.headers['x-next-after']).toBe(byDelivery.body[9].delivery_id);
      // The CLI pages through the whole list, across the boundary between deliveries and control group.
      const written: string[] = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back, never called unbound
      const write = process.stdout.write;
      process.stdout.write = (chunk: string) => (written.push(chunk), true);
      try {
        await writeDeliveryList(app.get(CampaignsService), id, 'json', 4);
      } finally {
        process.stdout.write = write;
      }
      expect(JSON.parse(written.join('')).map((row: { external_id: string }) => row.external_id)).toEqual(everyone);
      const csv = await get('?format=csv');
      expect(
        csv.text
          .trim()
          .split('\r\n')
          .filter((line) => line.includes(',held_out,')),
      ).toHaveLength(3);
      for (const query of ['?after=abc', '?after=holdout:x', '?limit=0', '?limit=ten', '?limit=2000000']) {
        const refused = await request(app.getHttpServer())
          .get(`/api/v1/campaigns/${id}/deliveries${query}`)
          .set('Authorization', `Bearer ${key}`)
          .expect(400);
        expect(refused.body.error.message).toMatch(query.startsWith('?after') ? /after/ : /limit/);
      }
    });

    it('answers 400 naming the step when the template does not exist', async () => {
      const key = (await app.get(ApiKeyService).create('marketer')).key;
      const response = await request(app.getHttpServer())
        .post('/api/v1/campaigns')
        .set('Authorization', `Bearer ${key}`)
        .send({
          name: 'Fantôme',
          objective: 'launch',
          segment: { all: [] },
          sender: SENDER,
          steps: [{ channel: 'letter', template: 'templates/letters/absente.hbs' }],
        })
        .expect(400);
      expect(response.body.error).toMatchObject({
        code: 'campaigns.template_not_found',
        fields: [{ field: 'steps[0].template' }],
      });
    });
  });
});
