import { DataSource } from 'typeorm';
import { ConsentService } from '../../src/consent/consent.service';
import { ResponseLinks } from '../../src/core/security/response-links';
import { TokenSigner } from '../../src/core/security/token-signer';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const FIRST_KEY = 'first-secret-key-0123456789abcdef0123456789';
const NEW_KEY = 'new-secret-key-9876543210fedcba9876543210';

/**
 * The suppression list holds keyed hashes of addresses: under a new SECRET_KEY they stopped
 * matching, and an erased person imported again with a fresh consent became contactable. The key
 * is now recorded in the database: another key is refused with one line, unless the rotation is
 * explicit (the former key in RELANCE_PREVIOUS_SECRET_KEYS); the suppression list keeps its own key.
 */
describe('secret key: recorded, refused when changed, rotated explicitly', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ SECRET_KEY: FIRST_KEY });
    delete process.env.RELANCE_PREVIOUS_SECRET_KEYS;
  });

  afterAll(async () => {
    delete process.env.RELANCE_PREVIOUS_SECRET_KEYS;
    await env?.close();
  });

  const useKeys = (key: string, previous?: string) => {
    process.env.SECRET_KEY = key;
    if (previous) process.env.RELANCE_PREVIOUS_SECRET_KEYS = previous;
    else delete process.env.RELANCE_PREVIOUS_SECRET_KEYS;
  };

  const importPerson = async (name: string, collectedAt: string) => {
    const contacts = writeFile(
      env.home,
      `${name}-contacts.csv`,
      'external_id,first_name,email,phone,country\nSK1,Amal,amal.rotation@exemple.ma,+212612345678,MA\n',
    );
    const consents = writeFile(
      env.home,
      `${name}-consents.csv`,
      [
        'external_id,channel,status,method,source,collected_at,wording',
        `SK1,email,granted,checkbox,site web,${collectedAt},J'accepte de recevoir vos offres par e-mail`,
        `SK1,sms,granted,checkbox,site web,${collectedAt},J'accepte de recevoir vos offres par SMS`,
      ].join('\n'),
    );
    expect((await runCli('import', 'contacts', contacts, '--json')).code).toBe(0);
    expect((await runCli('import', 'consents', consents, '--json')).code).toBe(0);
  };

  const decisions = async () => {
    const app = await startContext();
    try {
      const [contact] = await app.get(DataSource).query(`SELECT id::text FROM contacts WHERE external_id = 'SK1'`);
      const consent = app.get(ConsentService);
      return [
        await consent.evaluateOne(contact.id, 'email', 'marketing', new Date()),
        await consent.evaluateOne(contact.id, 'sms', 'marketing', new Date()),
      ];
    } finally {
      await app.close();
    }
  };

  it('erase, rotate, re-import the address with a fresh consent: still suppressed; links signed before still open', async () => {
    await importPerson('before', '2026-01-10T09:00:00Z');
    expect((await decisions()).map((decision) => decision?.allowed)).toEqual([true, true]);
    const app = await startContext();
    const unsubscribeToken = app.get(TokenSigner).sign('unsubscribe', [1, 2]);
    const responseProof = app.get(ResponseLinks).proof('K7F3-9QX2-4T');
    await app.close();
    expect((await runCli('contact', 'erase', 'SK1', '--json')).code).toBe(0);

    useKeys(NEW_KEY, FIRST_KEY);
    await importPerson('after', new Date().toISOString());
    expect(await decisions()).toEqual([
      { allowed: false, reason: 'suppressed' },
      { allowed: false, reason: 'suppressed' },
    ]);
    const rotated = await startContext();
    expect(rotated.get(TokenSigner).verify('unsubscribe', unsubscribeToken)).toEqual([1, 2]);
    // A coupon's response link printed before the rotation still carries a valid proof.
    expect(rotated.get(ResponseLinks).verify('K7F3-9QX2-4T', responseProof)).toBe(true);
    expect(rotated.get(ResponseLinks).proof('K7F3-9QX2-4T')).not.toBe(responseProof);
    await rotated.close();

    // Once the former key is no longer listed, the new key alone is the recorded one.
    useKeys(NEW_KEY);
    expect(await decisions()).toEqual([
      { allowed: false, reason: 'suppressed' },
      { allowed: false, reason: 'suppressed' },
    ]);
  });

  it('another key without an explicit rotation: one line, exit 1, nothing changed', async () => {
    for (const key of [FIRST_KEY, 'some-other-secret-key-0123456789abcdefgh']) {
      useKeys(key);
      const refused = await runCli('segment', 'count', writeFile(env.home, 'all.json', '{"all":[]}'), '--json');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^relance: error: the secret key \(SECRET_KEY, fingerprint [0-9a-f]{8}\) is not the one this database was set up with \(fingerprint [0-9a-f]{8}\): .*RELANCE_PREVIOUS_SECRET_KEYS$/,
        ),
      ]);
    }
    useKeys(NEW_KEY);
    expect((await runCli('segment', 'count', writeFile(env.home, 'all.json', '{"all":[]}'), '--json')).code).toBe(0);
  });
});
