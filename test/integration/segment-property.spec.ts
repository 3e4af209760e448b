import type { INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { evaluateRules, type ContactFacts } from '../../src/segments/rule-evaluator';
import { SegmentsService } from '../../src/segments/segments.service';
import { base, calendarRulesArbitrary, NOWS, rulesArbitrary } from '../support/segment-arbitraries';
import { insertContacts, insertPurchases, resetBase, setConsent, setFeedback } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/** For random rule trees over random small bases, the compiled SQL selects exactly what the in-memory evaluator selects. */
describe('compiled SQL equals the in-memory evaluation (property, real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let segments: SegmentsService;

  beforeAll(async () => {
    env = await createTestEnvironment({
      RELANCE_TIMEZONE: 'Europe/Paris',
      RELANCE_DEFAULT_CURRENCY: 'EUR',
      RELANCE_CONSENT_POLICY: 'fr-cnil',
    });
    app = await startContext();
    db = app.get(DataSource);
    segments = app.get(SegmentsService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  async function load(contacts: ContactFacts[]): Promise<void> {
    await resetBase(db);
    const ids = await insertContacts(
      db,
      contacts.map((c) => ({
        ...c.columns,
        external_id: c.columns.external_id!,
        type: c.columns.type as 'person' | 'company',
        attributes: c.attributes,
        erased: c.erased,
      })),
    );
    for (const contact of contacts) {
      const id = ids.get(contact.columns.external_id!)!;
      await insertPurchases(
        db,
        id,
        contact.purchases.map((p) => ({ at: p.orderedAt, amount: p.amount, currency: p.currency })),
      );
      for (const [channel, state] of Object.entries(contact.consent))
        if (state) await setConsent(db, id, channel, state.status, state.method, state.legalBasis);
      if (contact.feedback) await setFeedback(db, id, contact.feedback.openComplaints, contact.feedback.npsScore);
      const s = contact.scores;
      if (s) {
        await db.query(
          `INSERT INTO contact_scores (contact_id, recency_score, frequency_score, monetary_score, rfm_score, lifecycle, value_tier, silent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, s.recency, s.frequency, s.monetary, s.rfm, s.lifecycle, s.valueTier, s.silent],
        );
      }
    }
  }

  async function agree(rulesList: fc.Arbitrary<unknown>, runs: number): Promise<void> {
    await fc.assert(
      fc.asyncProperty(base, fc.array(rulesList, { minLength: 1, maxLength: 20 }), async (contacts, cases) => {
        await load(contacts);
        for (const [rules, now] of cases.flatMap((rules) => NOWS.map((now) => [rules, now] as const))) {
          const compiled = segments.compile(rules, { now });
          const rows: Array<{ external_id: string }> = await db.query(
            `SELECT c.external_id FROM contacts c WHERE c.id IN (${compiled.sql})`,
            compiled.params,
          );
          const fromSql = rows.map((row) => row.external_id).sort();
          const checked = segments.validate(rules);
          const inMemory = contacts
            .filter((contact) => evaluateRules(checked, contact, segments.context(now)))
            .map((c) => c.columns.external_id!)
            .sort();
          expect({ rules, now, selected: fromSql }).toEqual({ rules, now, selected: inMemory });
        }
      }),
      // No shrinking: each step reloads a base, and the failing rule, instant and selections are in the report already.
      { numRuns: runs, endOnFailure: true },
    );
  }

  const runs = Number(process.env.SEGMENT_PROPERTY_RUNS ?? 30);

  it('agrees on random rule trees over every field', async () => {
    await agree(rulesArbitrary, runs);
  });

  it('agrees on calendar boundaries: local days, windows, anniversaries', async () => {
    await agree(calendarRulesArbitrary, runs);
  });
});
