import type { INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { CONSENT_POLICY, FRANCE_CNIL, type ConsentPolicy } from '../../src/consent/consent-policy';
import { ConsentService } from '../../src/consent/consent.service';
import { CONTACT_CHANNELS } from '../../src/consent/consent.types';
import { reachabilitySql } from '../../src/consent/reachability-sql';
import { SmsStopHandler } from '../../src/consent/sms-stop.handler';
import { SuppressionService } from '../../src/consent/suppression.service';
import { KeyedHasher } from '../../src/core/security/keyed-hasher';
import { ImportService } from '../../src/imports/import.service';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { writeFile } from '../support/files';
import { EXPECTED, importMixedLedgers, profileOf } from '../support/consent-ledgers';

describe('consent ledger, policy and suppression (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let consent: ConsentService;
  let imports: ImportService;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startContext();
    db = app.get(DataSource);
    consent = app.get(ConsentService);
    imports = app.get(ImportService);

    await importMixedLedgers(imports, env.home, 1000);
    expect(await db.query(`SELECT count(*)::int AS n FROM contacts`)).toEqual([{ n: 1000 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM suppressions WHERE reason = 'do_not_call'`)).toEqual([
      { n: 125 },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  async function contactIds(): Promise<Map<string, string>> {
    const rows: Array<{ id: string; external_id: string }> = await db.query(
      `SELECT id::text, external_id FROM contacts`,
    );
    return new Map(rows.map((row) => [row.id, row.external_id]));
  }

  it('allows, for each channel, exactly the expected set of 1,000 contacts with mixed ledgers', async () => {
    const ids = await contactIds();
    const tuesday = new Date('2026-11-24T10:00:00Z');
    for (const channel of CONTACT_CHANNELS) {
      const decisions = await consent.evaluate([...ids.keys()], channel, 'marketing', tuesday, {
        flags: { professional: true },
      });
      const allowed = [...decisions]
        .filter(([, d]) => d.allowed)
        .map(([id]) => ids.get(id)!)
        .sort();
      const expected = [...ids.values()]
        .filter((externalId) => EXPECTED[profileOf(Number(externalId.slice(1)))].includes(channel))
        .sort();
      expect({ channel, allowed }).toEqual({ channel, allowed: expected });
      // The set-based SQL form (used for audiences and segment previews) decides the same.
      const viaSql: Array<{ external_id: string }> = await db.query(
        `SELECT c.external_id FROM contacts c WHERE ${reachabilitySql(app.get<ConsentPolicy>(CONSENT_POLICY), { channel, purpose: 'marketing', flags: { professional: true } })} IS NULL ORDER BY 1`,
      );
      expect({ channel, allowed: viaSql.map((row) => row.external_id) }).toEqual({
        channel,
        allowed: [...expected].sort(),
      });
    }
  });

  it('gives the reasons of each refusal', async () => {
    const [row] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'K2'`); // terms_only
    expect(await consent.evaluateOne(row.id, 'email', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
    const [suppressed] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'K5'`);
    expect(await consent.evaluateOne(suppressed.id, 'email', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
    const [dnc] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'K6'`);
    expect(await consent.evaluateOne(dnc.id, 'phone', 'marketing', new Date('2026-11-24T10:00:00Z'))).toEqual({
      allowed: false,
      reason: 'do_not_call',
    });
  });

  it('keeps the ledger append-only and re-imports nothing twice', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM consent_events`);
    const again = await imports.importFile('consents', `${env.home}/K-consents.csv`);
    expect(again).toMatchObject({ inserted: 0, unchanged: again.rows });
    expect(await db.query(`SELECT count(*)::int AS n FROM consent_events`)).toEqual(before);
    // The terms acceptance is recorded, with its proof, even though it does not count.
    const [terms] = await db.query(
      `SELECT method, wording, source FROM consent_events e JOIN contacts c ON c.id = e.contact_id WHERE c.external_id = 'K2' LIMIT 1`,
    );
    expect(terms).toEqual({
      method: 'terms_acceptance',
      wording: "J'accepte de recevoir les offres par ce canal.",
      source: 'formulaire web',
    });
  });

  it('withdraws SMS consent on STOP, ARRET or STOPP, in any case', async () => {
    const [k1] = await db.query(`SELECT id::text, phone FROM contacts WHERE external_id = 'K1'`); // checkbox profile
    expect((await consent.evaluateOne(k1.id, 'sms', 'marketing', new Date()))?.allowed).toBe(true);
    await app.get(SmsStopHandler).handle({ from: k1.phone, text: '  arrêt ', receivedAt: new Date() });
    expect(await consent.evaluateOne(k1.id, 'sms', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
    const [k9] = await db.query(`SELECT id::text, phone FROM contacts WHERE external_id = 'K9'`);
    await app.get(SmsStopHandler).handle({ from: k9.phone, text: 'Merci, à bientôt', receivedAt: new Date() });
    expect((await consent.evaluateOne(k9.id, 'sms', 'marketing', new Date()))?.allowed).toBe(true);
  });

  it('keeps an erased person suppressed when re-imported', async () => {
    const privacy = app.get(PrivacyService);
    const file = writeFile(env.home, 'back.csv', 'external_id,email,phone\nK17,client17@gmail.com,+33610000017\n');
    const [before] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'K17'`);
    expect((await consent.evaluateOne(before.id, 'email', 'marketing', new Date()))?.allowed).toBe(true);
    await privacy.erase('K17');
    const [tombstone] = await db.query(
      `SELECT external_id, email, phone, first_name, erased_at IS NOT NULL AS erased FROM contacts WHERE id = $1`,
      [before.id],
    );
    expect(tombstone).toEqual({
      external_id: `erased:${before.id}`,
      email: null,
      phone: null,
      first_name: null,
      erased: true,
    });
    expect(await db.query(`SELECT action FROM personal_data_log WHERE action = 'erase'`)).toHaveLength(1);
    expect(await imports.importFile('contacts', file)).toMatchObject({ inserted: 1 });
    const [again] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'K17'`);
    for (const channel of ['email', 'sms', 'phone'] as const) {
      expect(await consent.evaluateOne(again.id, channel, 'marketing', new Date('2026-11-24T10:00:00Z'))).toEqual({
        allowed: false,
        reason: 'suppressed',
      });
    }
  });

  it('a new opt-in after an unsubscription lifts it; a bounce or a spam complaint stays', async () => {
    const [{ id }] = await db.query(
      `INSERT INTO contacts (external_id, type, email) VALUES ('RESUB1', 'person', 'resub@gmail.com') RETURNING id::text`,
    );
    await db.query(`UPDATE contacts SET email_hash = ${KeyedHasher.sql('email', '$2')} WHERE id = $1`, [
      id,
      app.get(KeyedHasher).key,
    ]);
    const suppressions = app.get(SuppressionService);
    const grant = (at: Date, method: 'checkbox' | 'terms_acceptance' = 'checkbox') =>
      consent.record([
        {
          contactId: id,
          channel: 'email',
          status: 'granted',
          method,
          legalBasis: 'consent',
          collectedAt: at,
          wording: "J'accepte de recevoir vos offres.",
        },
      ]);
    await grant(new Date(Date.now() - 86_400_000));
    await consent.withdraw(id, 'email', 'unsubscribe_link', { source: 'lien de désinscription' });
    await suppressions.add([{ channel: 'email', value: 'resub@gmail.com', reason: 'unsubscribed' }]);
    expect((await consent.evaluateOne(id, 'email', 'marketing', new Date()))?.allowed).toBe(false);
    // Accepting terms and conditions is no opt-in: the unsubscription stands.
    await grant(new Date(Date.now() + 1000), 'terms_acceptance');
    expect(await suppressions.reasons('email', 'resub@gmail.com')).toEqual(['unsubscribed']);
    await grant(new Date(Date.now() + 2000));
    expect(await suppressions.reasons('email', 'resub@gmail.com')).toEqual([]);
    expect((await consent.evaluateOne(id, 'email', 'marketing', new Date(Date.now() + 3000)))?.allowed).toBe(true);
    await suppressions.add([{ channel: 'email', value: 'resub@gmail.com', reason: 'hard_bounce' }]);
    await grant(new Date(Date.now() + 4000));
    expect(await suppressions.reasons('email', 'resub@gmail.com')).toEqual(['hard_bounce']);
  });
});

describe('the SQL reachability equals canContact on random ledgers (property)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('agrees for every channel, purpose and flag', async () => {
    const consent = app.get(ConsentService);
    const contactArb = fc.record({
      type: fc.constantFrom('person', 'company'),
      email: fc.constantFrom('a@gmail.com', 'achats@entreprise.fr', null),
      phone: fc.constantFrom('+33612345678', '+212661234567', null),
      postal: fc.boolean(),
      customer: fc.boolean(),
      events: fc.array(
        fc.record({
          channel: fc.constantFrom('email', 'sms', 'phone', 'postal'),
          status: fc.constantFrom('granted', 'withdrawn'),
          method: fc.constantFrom('checkbox', 'terms_acceptance', 'double_opt_in', 'verbal', 'coupon'),
          legal_basis: fc.constantFrom('consent', 'soft_opt_in', 'objection'),
          day: fc.integer({ min: 1, max: 28 }),
        }),
        { maxLength: 4 },
      ),
      suppression: fc.constantFrom(null, 'unsubscribed', 'hard_bounce', 'do_not_call'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(contactArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('marketing', 'service'),
        fc.record({ professional: fc.boolean(), softOptIn: fc.boolean() }),
        async (contacts, purpose, flags) => {
          await db.query(`TRUNCATE contacts, suppressions RESTART IDENTITY CASCADE`);
          const ids: string[] = [];
          for (const [index, c] of contacts.entries()) {
            const [{ id }] = await db.query(
              `INSERT INTO contacts (external_id, type, email, phone, address_line1, postal_code, city) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
              [
                `P${index}`,
                c.type,
                c.email,
                c.phone,
                c.postal ? '1 rue A' : null,
                c.postal ? '75001' : null,
                c.postal ? 'Paris' : null,
              ],
            );
            ids.push(id);
            await db.query(
              `UPDATE contacts SET email_hash = ${KeyedHasher.sql('email', '$2')}, phone_hash = ${KeyedHasher.sql('phone', '$2')} WHERE id = $1`,
              [id, app.get(KeyedHasher).key],
            );
            if (c.customer)
              await db.query(
                `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency) VALUES ($1, $2, now(), 10, 'EUR')`,
                [id, `O${index}`],
              );
            await consent.record(
              c.events.map((e) => ({
                contactId: id,
                channel: e.channel,
                status: e.status as 'granted',
                method: e.method as 'checkbox',
                legalBasis: e.legal_basis as 'consent',
                collectedAt: new Date(Date.UTC(2026, 0, e.day)),
              })),
            );
            const suppressions = app.get(SuppressionService);
            if (c.suppression && c.phone)
              await suppressions.add([
                { channel: c.suppression === 'do_not_call' ? 'phone' : 'sms', value: c.phone, reason: c.suppression },
              ]);
            if (c.suppression && c.suppression !== 'do_not_call' && c.email)
              await suppressions.add([{ channel: 'email', value: c.email, reason: c.suppression }]);
          }
          for (const channel of CONTACT_CHANNELS) {
            const decisions = await consent.evaluate(ids, channel, purpose, new Date('2026-11-24T10:00:00Z'), {
              flags,
            });
            const rows: Array<{ id: string; reason: string | null }> = await db.query(
              `SELECT c.id::text AS id, ${reachabilitySql(FRANCE_CNIL, { channel, purpose, flags })} AS reason FROM contacts c ORDER BY c.id`,
            );
            for (const row of rows) {
              const decision = decisions.get(row.id)!;
              const js = decision.allowed ? null : decision.reason;
              if (js !== row.reason)
                throw new Error(
                  `${channel}/${purpose} contact ${row.id}: canContact says ${js}, SQL says ${row.reason}`,
                );
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
