import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ConsentService } from '../../src/consent/consent.service';
import { ImportService } from '../../src/imports/import.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { createCampaign, launchAndWait } from '../support/campaign-fixtures';
import { EXPECTED, importMixedLedgers, profileOf } from '../support/consent-ledgers';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('a campaign dispatched to an SMTP sink reaches exactly the contacts canContact allows (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({ SMTP_URL: sink.url, RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('sends to the allowed 200 of 400 mixed ledgers, once each, and counts every refusal as an exclusion', async () => {
    const emails = await importMixedLedgers(app.get(ImportService), env.home, 400, 'M');
    const db = app.get(DataSource);
    const rows: Array<{ id: string; external_id: string }> = await db.query(
      `SELECT id::text, external_id FROM contacts WHERE external_id LIKE 'M%'`,
    );
    const decisions = await app.get(ConsentService).evaluate(
      rows.map((r) => r.id),
      'email',
      'marketing',
      new Date(),
      { flags: { professional: true } },
    );
    const allowed = rows
      .filter((r) => decisions.get(r.id)?.allowed)
      .map((r) => emails.get(r.external_id)!)
      .sort();
    // canContact itself agrees with the policy table of the acceptance test…
    expect(allowed).toEqual(
      rows
        .filter((r) => EXPECTED[profileOf(Number(r.external_id.slice(1)))].includes('email'))
        .map((r) => emails.get(r.external_id)!)
        .sort(),
    );
    expect(allowed).toHaveLength(200);

    // …and the campaign, professional flag on, no holdout, delivers to exactly that set.
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'M' }] },
      professional: true,
    });
    const { launched } = await launchAndWait(app, id);
    const received = sink.received.flatMap((m) => m.to);
    expect([...received].sort()).toEqual(allowed);
    expect(new Set(received).size).toBe(received.length);
    expect(launched.audience).toEqual({
      segment: 400,
      excluded: { no_consent: 150, suppressed: 50, invalid_address: 0, frequency_cap: 0 },
      holdout: 0,
      targeted: 200,
    });
    const report = await app.get(CampaignReportService).report(id);
    expect(report.messages).toMatchObject({ sent: 200, delivered: 200, queued: 0 });
  });
});
