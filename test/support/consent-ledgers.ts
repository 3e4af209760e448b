import type { ContactChannel } from '../../src/consent/consent.types';
import type { ImportService } from '../../src/imports/import.service';
import { writeFile } from './files';

/** The ledger profiles of the consent acceptance test, one per contact in turn. */
export const PROFILES = [
  'none',
  'checkbox',
  'terms_only',
  'granted_then_withdrawn',
  'b2b_professional',
  'suppressed',
  'do_not_call',
  'postal_objection',
] as const;
export type Profile = (typeof PROFILES)[number];

/** What the France / CNIL policy must allow for each profile (marketing; campaign flagged professional). */
export const EXPECTED: Record<Profile, ContactChannel[]> = {
  none: ['postal'],
  checkbox: ['email', 'sms', 'phone', 'postal'],
  terms_only: ['postal'],
  granted_then_withdrawn: ['postal'],
  b2b_professional: ['email', 'phone', 'postal'],
  suppressed: ['sms', 'phone', 'postal'],
  do_not_call: ['email', 'sms', 'postal'],
  postal_objection: ['email', 'sms', 'phone'],
};

export const profileOf = (index: number): Profile => PROFILES[index % PROFILES.length];

/**
 * `count` contacts `<prefix><i>` with mixed ledgers, imported through the real CSV paths
 * (contacts, consents, suppressions, do-not-call list). Returns the e-mail of each.
 */
export async function importMixedLedgers(
  imports: ImportService,
  home: string,
  count: number,
  prefix = 'K',
): Promise<Map<string, string>> {
  const contacts = ['external_id;type;first_name;email;phone;address_line1;postal_code;city;country'];
  const consents = ['external_id;channel;status;method;source;collected_at;wording'];
  const suppressions = ['channel;address;reason'];
  const doNotCall = ['numero'];
  const emails = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const profile = profileOf(i);
    const id = `${prefix}${i}`;
    const phone = `+336${String(10000000 + i)}`;
    const email = profile === 'b2b_professional' ? `achats${i}@entreprise-${i}.fr` : `client${i}@gmail.com`;
    emails.set(id, email);
    contacts.push(
      [
        id,
        profile === 'b2b_professional' ? 'company' : 'person',
        `Prénom ${i}`,
        email,
        phone,
        `${i} rue de la Paix`,
        '75002',
        'Paris',
        'FR',
      ].join(';'),
    );
    const event = (channel: string, status: string, method: string, at: string) =>
      consents.push(
        [id, channel, status, method, 'formulaire web', at, "J'accepte de recevoir les offres par ce canal."].join(';'),
      );
    if (['checkbox', 'suppressed', 'do_not_call', 'postal_objection', 'granted_then_withdrawn'].includes(profile)) {
      for (const channel of ['email', 'sms', 'phone'])
        event(channel, 'granted', 'checkbox', '2025-03-01T10:00:00+01:00');
    }
    if (profile === 'terms_only')
      for (const channel of ['email', 'sms', 'phone'])
        event(channel, 'granted', 'terms_acceptance', '2025-03-01T10:00:00+01:00');
    if (profile === 'granted_then_withdrawn')
      for (const channel of ['email', 'sms', 'phone'])
        event(channel, 'withdrawn', 'unsubscribe_link', '2025-09-01T10:00:00+02:00');
    if (profile === 'postal_objection') event('postal', 'withdrawn', 'coupon', '2025-10-01T10:00:00+02:00');
    if (profile === 'suppressed') suppressions.push(['email', email, 'hard_bounce'].join(';'));
    if (profile === 'do_not_call') doNotCall.push(phone.replace('+33', '0'));
  }
  const check = (summary: { rejected: number; errors: unknown[] }, what: string) => {
    if (summary.rejected) throw new Error(`${what} rejected: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  };
  check(await imports.importFile('contacts', writeFile(home, `${prefix}-c.csv`, contacts.join('\n'))), 'contacts');
  check(
    await imports.importFile('consents', writeFile(home, `${prefix}-consents.csv`, consents.join('\n'))),
    'consents',
  );
  check(
    await imports.importFile('suppressions', writeFile(home, `${prefix}-s.csv`, suppressions.join('\n'))),
    'suppressions',
  );
  check(
    await imports.importFile('do-not-call', writeFile(home, `${prefix}-dnc.csv`, doNotCall.join('\n'))),
    'do-not-call',
  );
  return emails;
}
