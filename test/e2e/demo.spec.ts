import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CampaignReport } from '../../src/reports/campaign-report.service';
import { runCli } from '../support/cli';

/**
 * `relance demo` on the embedded defaults, as a newcomer runs it: no DATABASE_URL (PGlite under
 * $RELANCE_HOME), no SMTP_URL (file outbox), letters in $RELANCE_HOME/letters.
 */
describe('relance demo (embedded defaults)', () => {
  // A whole demo on disk (initdb, 1,500 clients, two years of purchases, two campaigns) takes
  // 30–45 s on a quiet machine and minutes on a loaded one: this spec checks what it prints, not its speed.
  jest.setTimeout(600_000);
  const saved: Record<string, string | undefined> = {};
  const homes: string[] = [];

  beforeAll(() => {
    for (const name of [
      'DATABASE_URL',
      'SMTP_URL',
      'SMS_URL',
      'RELANCE_HOME',
      'RELANCE_CAP_7_DAYS',
      'RELANCE_CAP_30_DAYS',
    ]) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env.LOG_LEVEL = 'warn';
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  });

  async function demo(...args: string[]) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-demo-'));
    homes.push(home);
    process.env.RELANCE_HOME = home;
    const result = await runCli('demo', '--contacts', '1500', ...args);
    return { home, result };
  }

  let first: { home: string; reports: CampaignReport[] };

  it('prints exactly one JSON document: the two campaign reports, non-trivial and consistent', async () => {
    const { home, result } = await demo('--json');
    expect(result.stderr).toContain('• the main job');
    expect(result.code).toBe(0);
    // How to open the console, with the demo user's password printed once: on stderr, stdout stays one JSON document.
    expect(result.stderr).toMatch(
      /npx relance serve\n {2}then http:\/\/localhost:3000\/ and sign in as demo@maison-atlas\.test with the password [a-zA-Z2-9]{20}\n/,
    );
    const reports = result.json<CampaignReport[]>();
    first = { home, reports };
    expect(reports).toHaveLength(2);
    const [letter, winback] = reports;
    for (const report of reports) {
      expect(report.status).toBe('completed');
      expect(report.currency).toBe('MAD');
      const { audience, messages, responses, conversions } = report;
      expect(audience.targeted).toBeGreaterThan(0);
      expect(audience.holdout).toBe(Math.round(((audience.targeted + audience.holdout) * 10) / 100));
      expect(audience.segment).toBe(
        audience.targeted + audience.holdout + Object.values(audience.excluded).reduce((a, b) => a + b, 0),
      );
      expect(messages).toMatchObject({ sent: audience.targeted, delivered: audience.targeted, queued: 0 });
      expect(responses.coupons).toBeGreaterThan(0);
      expect(responses.responders).toBe(responses.coupons);
      expect(conversions.treatment.contacts).toBe(audience.targeted);
      expect(conversions.holdout.contacts).toBe(audience.holdout);
      expect(conversions.treatment.buyers).toBeGreaterThanOrEqual(responses.coupons > 0 ? 1 : 0);
      expect(report.revenue).toBe(conversions.treatment.revenue);
      expect(report.revenue).toBeGreaterThan(0);
      expect(report.gross_margin).toBeCloseTo(report.revenue * 0.35, 1);
      expect(report.profit).toBeCloseTo(report.gross_margin - report.cost, 1);
    }
    // Letters to the top tier, an e-mail to silent clients (no consent → excluded).
    expect(letter.by_channel).toEqual({ letter: { sent: letter.messages.sent, cost: letter.messages.sent * 4.5 } });
    expect(letter.cost).toBe(1500 + letter.messages.sent * 4.5);
    expect(winback.by_channel).toEqual({ email: expect.objectContaining({ sent: winback.messages.sent }) });
    expect(winback.audience.excluded.no_consent).toBeGreaterThan(0);
    expect(winback.audience.excluded.invalid_address).toBeGreaterThan(0);

    // The print batch (one merged PDF and its manifest) and the outbox hold exactly what was sent.
    const batches = fs.readdirSync(path.join(home, 'letters', letter.id));
    expect(batches).toHaveLength(1);
    const batch = path.join(home, 'letters', letter.id, batches[0]);
    expect(fs.readFileSync(path.join(batch, 'letters.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(path.join(batch, 'manifest.csv'), 'utf8').trim().split('\n')).toHaveLength(
      letter.messages.sent + 1,
    );
    const emails = fs.readdirSync(path.join(home, 'outbox')).filter((name) => name.endsWith('.eml'));
    expect(emails).toHaveLength(winback.messages.sent);
    const sample = fs.readFileSync(path.join(home, 'outbox', emails[0]), 'utf8');
    expect(sample).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(sample).toContain('Maison Atlas');
  });

  it('gives the same reports for the same seed, and a human table without --json', async () => {
    const { result } = await demo();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Letter to top clients\s+Win-back e-mail/);
    // Without --json, how to open the console ends the output.
    expect(result.stdout).toMatch(/sign in as demo@maison-atlas\.test with the password [a-zA-Z2-9]{20}/);
    expect(result.stdout).toMatch(/coupons returned\s+\d+\s+\d+/);
    expect(result.stdout).toContain(first.reports[0].id);
    // Same seed: same campaign ids, so the same holdouts, the same simulated weeks and the same figures.
    const again = await runCli('campaign', 'report', first.reports[0].id, '--json');
    expect(again.code).toBe(0);
    const { audience, messages, responses, conversions, revenue, cost } = again.json<CampaignReport>();
    expect({ audience, messages, responses, conversions, revenue, cost }).toEqual({
      audience: first.reports[0].audience,
      messages: first.reports[0].messages,
      responses: first.reports[0].responses,
      conversions: first.reports[0].conversions,
      revenue: first.reports[0].revenue,
      cost: first.reports[0].cost,
    });
  });
});
