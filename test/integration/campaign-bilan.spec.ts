import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { formatMoney, formatNumber } from '../../src/core/text/french-figures';
import { runCli } from '../support/cli';
import { pdfPageCount, pdfText } from '../support/pdf-text';
import { hasTool, run } from '../support/tools';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/** A figure as the bilan writes it (`11,12`, `1 234,50 MAD`), with plain spaces as the text readers give them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/**
 * The bilan de campagne on the demo company's campaigns: the PDF the CLI writes and the API serves
 * carries the figures of `campaign report --json` (ROI, incremental ROI, profit); and the delivery
 * list's filters by state and step, on the API and the CLI.
 */
describe('bilan de campagne and filtered delivery list (real PostgreSQL, demo company)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON report, read untyped
  let reports: Array<Record<string, any>>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const demo = await runCli('demo', '--contacts', '1500', '--json');
    if (demo.code !== 0) throw new Error(demo.stderr);
    reports = demo.json();
    app = await startHttp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('writes with --pdf a two-page bilan whose ROI, incremental ROI and profits are the report’s', async () => {
    for (const listed of reports) {
      const file = path.join(env.home, `bilan-${listed.id}.pdf`);
      const written = await runCli('campaign', 'report', listed.id, '--pdf', file, '--json');
      expect(written.code).toBe(0);
      expect(written.json()).toEqual({ id: listed.id, file, bytes: fs.statSync(file).size });
      const report = (await runCli('campaign', 'report', listed.id, '--json')).json();
      const pdf = fs.readFileSync(file);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPageCount(pdf)).toBe(2);
      const text = pdfText(pdf);
      const money = (value: number) => plain(formatMoney(value, report.currency));
      expect(text).toContain(report.name);
      expect(text).toContain(`ROI attribué\n${plain(formatNumber(report.roi, 2))}`);
      expect(text).toContain(`Profit attribué\n${money(report.profit)}`);
      if (report.conversions.holdout.contacts > 0) {
        // With a control group the incremental figures come first.
        expect(text.indexOf('Profit incrémental')).toBeLessThan(text.indexOf('Profit attribué'));
        expect(text).toContain(`ROI incrémental\n${plain(formatNumber(report.incremental_roi, 2))}`);
        expect(text).toContain(`Profit incrémental\n${money(report.incremental_profit)}`);
      }
      // poppler, when installed (always in CI), reads the same words: the fonts' Unicode maps are right.
      if (hasTool('pdftotext') || process.env.CI)
        expect(plain(run('pdftotext', [file, '-']))).toContain(`ROI attribué`);
    }
  });

  it('serves the same bilan at GET /api/v1/campaigns/:id/report.pdf to a manager, and 404 for an unknown campaign', async () => {
    const key = (await app.get(ApiKeyService).create('manager')).key;
    const report = reports[0];
    const response = await request(app.getHttpServer())
      .get(`/api/v1/campaigns/${report.id}/report.pdf`)
      .set('Authorization', `Bearer ${key}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(pdfText(response.body as Buffer)).toContain(`ROI attribué\n${plain(formatNumber(report.roi, 2))}`);
    await request(app.getHttpServer())
      .get('/api/v1/campaigns/00000000-0000-4000-a000-000000000000/report.pdf')
      .set('Authorization', `Bearer ${key}`)
      .expect(404);
  });

  it('filters the delivery list by state and step on the API and the CLI, and refuses a bad filter naming it', async () => {
    const key = (await app.get(ApiKeyService).create('marketer')).key;
    const report = reports[0];
    const get = (query: string) =>
      request(app.getHttpServer())
        .get(`/api/v1/campaigns/${report.id}/deliveries${query}`)
        .set('Authorization', `Bearer ${key}`);
    const delivered = (await get('?state=delivered').expect(200)).body as Array<{ state: string }>;
    expect(delivered).toHaveLength(report.messages.delivered);
    expect(new Set(delivered.map((row) => row.state))).toEqual(new Set(['delivered']));
    const heldOut = (await get('?state=held_out').expect(200)).body as Array<{ holdout: boolean }>;
    expect(heldOut).toHaveLength(report.audience.holdout);
    expect(heldOut.every((row) => row.holdout)).toBe(true);
    const stepOne = (await get('?step=1').expect(200)).body as Array<{ step: number }>;
    expect(stepOne.length).toBeGreaterThan(0);
    expect(stepOne.every((row) => row.step === 1)).toBe(true);
    expect((await get('?step=1&limit=2').expect(200)).headers.link).toMatch(/step=1/);
    for (const [query, field] of [
      ['?state=lost', 'state'],
      ['?step=zero', 'step'],
    ]) {
      const refused = await get(query).expect(400);
      expect(refused.body.error.message).toContain(field);
    }
    const cli = await runCli('campaign', 'deliveries', report.id, '--state', 'held_out', '--json');
    expect(cli.json()).toHaveLength(report.audience.holdout);
    const bad = await runCli('campaign', 'deliveries', report.id, '--step', 'x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--step');
  });
});
