import { rawCsvLine as csvLine } from '../core/csv/csv-writer';
import { SeededRandom } from './random';

/** What the demo needs to know about a contact to give it a plausible consent history. */
export interface ConsentCandidate {
  external_id: string;
  type: 'person' | 'company';
  has_email: boolean;
  has_phone: boolean;
}

/** The wording shown when each kind of consent was collected: the proof kept in the ledger. */
export const DEMO_WORDINGS = {
  emailCheckbox:
    "J'accepte de recevoir par e-mail les offres et les nouvelles de Maison Atlas. Je peux me désinscrire à tout moment.",
  emailDoubleOptIn:
    "Je m'inscris à la lettre d'information de Maison Atlas (inscription confirmée par le lien reçu par e-mail).",
  termsAcceptance: "J'ai lu et j'accepte les conditions générales de vente.",
  smsCheckbox: "J'accepte de recevoir les offres de Maison Atlas par SMS. STOP pour ne plus en recevoir.",
  phoneVerbal: 'Accord donné au téléphone pour être rappelé au sujet des offres de Maison Atlas.',
  postalObjection: 'Je ne souhaite plus recevoir de courrier de Maison Atlas.',
  unsubscribe: 'Désinscription par le lien présent dans un e-mail.',
  smsStop: 'Réponse STOP à un SMS.',
} as const;

export const DEMO_CONSENT_COLUMNS = [
  'external_id',
  'channel',
  'status',
  'method',
  'source',
  'collected_at',
  'wording',
] as const;

const DAY = 86_400_000;

/** What each contact's draws share: the seeded random, the date drawn back from `before`, the rows written. */
interface LedgerWriter {
  random: SeededRandom;
  at: (minDaysAgo: number, maxDaysAgo: number) => string;
  push: (row: string[]) => void;
}

/**
 * A realistic consent ledger for the demo base, as a consents CSV: about half the e-mail
 * addresses were collected with a ticked box, some through the double opt-in of the newsletter,
 * some only by accepting the terms of sale (recorded, but it does not count), a few were
 * withdrawn since; fewer SMS consents; a handful of objections to postal mail. Every event has
 * its method, source, date and the exact wording shown.
 */
export function generateDemoConsents(
  candidates: ConsentCandidate[],
  options: { seed: number; before: Date },
): { csv: string; events: number } {
  const random = new SeededRandom(options.seed ^ 0x5eed);
  const lines = [csvLine([...DEMO_CONSENT_COLUMNS])];
  const end = options.before.getTime();
  const writer: LedgerWriter = {
    random,
    at: (minDaysAgo, maxDaysAgo) =>
      new Date(end - random.int(minDaysAgo, maxDaysAgo) * DAY - random.int(0, 36_000) * 1000).toISOString(),
    push: (row) => lines.push(csvLine(row)),
  };
  // The draws happen in this order for every contact: the demo must give the same ledger for a seed.
  for (const contact of candidates) {
    const person = contact.type === 'person';
    if (contact.has_email) emailConsents(writer, contact, person);
    if (contact.has_phone && person) phoneConsents(writer, contact);
    if (random.chance(0.03))
      writer.push([
        contact.external_id,
        'postal',
        'withdrawn',
        'paper_form',
        'coupon-réponse',
        writer.at(30, 400),
        DEMO_WORDINGS.postalObjection,
      ]);
  }
  return { csv: lines.join(''), events: lines.length - 1 };
}

function emailConsents({ random, at, push }: LedgerWriter, contact: ConsentCandidate, person: boolean): void {
  const roll = random.next();
  const grantedAt = at(60, 720);
  if (roll < (person ? 0.48 : 0.3))
    push([
      contact.external_id,
      'email',
      'granted',
      'checkbox',
      random.pick(['magasin', 'site web', 'salon']),
      grantedAt,
      DEMO_WORDINGS.emailCheckbox,
    ]);
  else if (roll < (person ? 0.57 : 0.36))
    push([
      contact.external_id,
      'email',
      'granted',
      'double_opt_in',
      "site web, lettre d'information",
      grantedAt,
      DEMO_WORDINGS.emailDoubleOptIn,
    ]);
  else if (roll < (person ? 0.69 : 0.46))
    push([
      contact.external_id,
      'email',
      'granted',
      'terms_acceptance',
      'site web, commande',
      grantedAt,
      DEMO_WORDINGS.termsAcceptance,
    ]);
  if (roll < (person ? 0.57 : 0.36) && random.chance(0.05))
    push([
      contact.external_id,
      'email',
      'withdrawn',
      'unsubscribe_link',
      'e-mail',
      at(5, 50),
      DEMO_WORDINGS.unsubscribe,
    ]);
}

function phoneConsents({ random, at, push }: LedgerWriter, contact: ConsentCandidate): void {
  if (random.chance(0.3)) {
    push([contact.external_id, 'sms', 'granted', 'checkbox', 'magasin', at(60, 720), DEMO_WORDINGS.smsCheckbox]);
    if (random.chance(0.04))
      push([contact.external_id, 'sms', 'withdrawn', 'reply_stop', 'SMS', at(5, 50), DEMO_WORDINGS.smsStop]);
  }
  if (random.chance(0.1))
    push([
      contact.external_id,
      'phone',
      'granted',
      'verbal',
      'service clients',
      at(60, 720),
      DEMO_WORDINGS.phoneVerbal,
    ]);
}
