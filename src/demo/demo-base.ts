import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { rawCsvLine as csvLine } from '../core/csv/csv-writer';
import { slugifyIdentifier } from '../core/text/text';
import {
  ACQUISITION_CHANNELS,
  COMPANY_NAMES,
  EMAIL_DOMAINS,
  FRENCH_CITIES,
  FRENCH_FIRST_NAMES,
  FRENCH_LAST_NAMES,
  JOB_TITLES,
  MOROCCAN_CITIES,
  MOROCCAN_FIRST_NAMES,
  MOROCCAN_LAST_NAMES,
  STREETS,
  type DemoCity,
} from './demo-names';
import { SeededRandom } from './random';

export const DEMO_CONTACT_COLUMNS = [
  'external_id',
  'type',
  'civility',
  'first_name',
  'last_name',
  'company_name',
  'job_title',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'region',
  'country',
  'birth_date',
  'locale',
  'timezone',
  'loyalty_card_expires_on',
  'contract_renews_on',
  'points_fidelite',
  'canal_acquisition',
] as const;
export const DEMO_PURCHASE_COLUMNS = ['external_id', 'order_id', 'ordered_at', 'amount', 'currency'] as const;

/** How a client behaves over the two years of history; it shapes recency, frequency and amounts. */
export type DemoProfile = 'prospect' | 'new' | 'steady' | 'growing' | 'fading' | 'one_time';

const PROFILES: Array<[DemoProfile, number]> = [
  ['prospect', 0.18],
  ['new', 0.08],
  ['steady', 0.4],
  ['growing', 0.12],
  ['fading', 0.14],
  ['one_time', 0.08],
];

const DAY = 86_400_000;

export interface DemoBase {
  contactsCsv: string;
  purchasesCsv: string;
  contacts: number;
  purchases: number;
}

/** A valid mobile number as people write it: `06 12 34 56 78` in France, `0661234567` in Morocco. */
function mobileNumber(country: 'FR' | 'MA', random: SeededRandom): string {
  for (;;) {
    const digits = `0${random.pick(['6', '7'])}${String(random.int(10000000, 99999999))}`;
    if (!isValidPhoneNumber(digits, country)) continue;
    return country === 'FR' ? digits.replace(/(\d\d)(?=\d)/g, '$1 ') : digits;
  }
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function profileFor(random: SeededRandom): DemoProfile {
  let roll = random.next();
  for (const [profile, weight] of PROFILES) {
    if (roll < weight) return profile;
    roll -= weight;
  }
  return 'steady';
}

/** Order dates (ms) for a profile over the last two years before `now`. */
function orderDates(profile: DemoProfile, random: SeededRandom, now: number): number[] {
  const span = 730 * DAY;
  const dates: number[] = [];
  switch (profile) {
    case 'prospect':
      return [];
    case 'new':
      for (let i = random.int(1, 2); i > 0; i--) dates.push(now - random.int(1, 85) * DAY);
      break;
    case 'one_time':
      dates.push(now - random.int(200, 700) * DAY);
      break;
    case 'steady': {
      const interval = random.int(25, 100) * DAY;
      for (
        let t = now - span + random.next() * interval;
        t < now - 2 * DAY;
        t += interval * (0.6 + random.next() * 0.8)
      )
        dates.push(t);
      break;
    }
    case 'growing': {
      let interval = random.int(90, 150) * DAY;
      for (let t = now - span * (0.5 + random.next() * 0.5); t < now - 2 * DAY; t += interval) {
        dates.push(t);
        interval = Math.max(12 * DAY, interval * 0.72);
      }
      break;
    }
    case 'fading': {
      const stop = now - random.int(150, 330) * DAY;
      const interval = random.int(20, 60) * DAY;
      for (let t = now - span + random.next() * interval; t < stop; t += interval * (0.7 + random.next() * 0.6))
        dates.push(t);
      break;
    }
  }
  return dates.sort((a, b) => a - b);
}

/** Who a demo client is; drawn first, it shapes everything else about them. */
interface DemoClient {
  externalId: string;
  moroccan: boolean;
  country: 'MA' | 'FR';
  place: DemoCity;
  isCompany: boolean;
  female: boolean;
  firstName: string;
  lastName: string;
  companyName: string;
  profile: DemoProfile;
}

/**
 * The demo company's base: about 5,000 French and Moroccan clients and prospects (B2C and B2B)
 * with addresses, birthdays, loyalty cards, contracts and two years of purchases whose value
 * follows a Pareto spread, as CSV files in the public import format.
 */
export function generateDemoBase(options: { contacts: number; seed: number; now: Date }): DemoBase {
  // Every draw comes from one seeded sequence, in a fixed order: the same seed gives the same base.
  const random = new SeededRandom(options.seed);
  const now = options.now.getTime();
  const contactLines: string[] = [csvLine([...DEMO_CONTACT_COLUMNS])];
  const purchaseLines: string[] = [csvLine([...DEMO_PURCHASE_COLUMNS])];
  const usedEmails = new Set<string>();

  for (let index = 1; index <= options.contacts; index++) {
    const client = drawClient(index, random);
    const email = random.chance(0.86) ? uniqueEmail(client, random, usedEmails) : '';
    const phone = random.chance(0.8) ? mobileNumber(client.country, random) : '';
    const dates = drawDates(client, index, random, now);
    const purchases = drawPurchases(client, random, now, purchaseLines.length - 1);
    purchaseLines.push(...purchases.lines);
    contactLines.push(
      csvLine([
        client.externalId,
        client.isCompany ? 'company' : 'person',
        client.female ? 'Mme' : 'M.',
        client.firstName,
        client.lastName,
        client.companyName,
        client.isCompany ? random.pick(JOB_TITLES) : '',
        email,
        phone,
        `${random.int(1, 180)} ${random.pick(STREETS[client.country])}`,
        random.chance(0.1) ? `Appartement ${random.int(1, 40)}` : '',
        client.place.postalCode,
        client.place.city,
        client.place.region,
        client.country,
        dates.birthDate,
        client.moroccan ? 'fr-MA' : 'fr-FR',
        client.moroccan ? 'Africa/Casablanca' : 'Europe/Paris',
        dates.cardExpires,
        dates.contractRenews,
        dates.hasCard ? purchases.points : '',
        random.pick(ACQUISITION_CHANNELS),
      ]),
    );
  }
  return {
    contactsCsv: contactLines.join(''),
    purchasesCsv: purchaseLines.join(''),
    contacts: options.contacts,
    purchases: purchaseLines.length - 1,
  };
}

function drawClient(index: number, random: SeededRandom): DemoClient {
  const moroccan = random.chance(0.6);
  const country = moroccan ? 'MA' : 'FR';
  const place: DemoCity = random.pick(moroccan ? MOROCCAN_CITIES : FRENCH_CITIES);
  const isCompany = random.chance(0.12);
  const female = random.chance(0.52);
  const firstNames = moroccan ? MOROCCAN_FIRST_NAMES : FRENCH_FIRST_NAMES;
  const firstName = random.pick(female ? firstNames.female : firstNames.male);
  const lastName = random.pick(moroccan ? MOROCCAN_LAST_NAMES : FRENCH_LAST_NAMES);
  const companyName = isCompany ? `${random.pick(COMPANY_NAMES[country])}` : '';
  const profile = profileFor(random);
  return {
    externalId: `C${String(index).padStart(5, '0')}`,
    moroccan,
    country,
    place,
    isCompany,
    female,
    firstName,
    lastName,
    companyName,
    profile,
  };
}

/** first.last at a webmail (a person) or at the company's own domain; a number added when already taken. */
function uniqueEmail(client: DemoClient, random: SeededRandom, usedEmails: Set<string>): string {
  const local = `${slugifyIdentifier(client.firstName)}.${slugifyIdentifier(client.lastName)}`.replace(/_/g, '');
  const domain = client.isCompany
    ? `${slugifyIdentifier(client.companyName).replace(/_/g, '-')}.${client.moroccan ? 'ma' : 'fr'}`
    : random.pick(EMAIL_DOMAINS[client.country]);
  let email = `${local}@${domain}`;
  for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${domain}`;
  usedEmails.add(email);
  return email;
}

/** The dates automations follow: birthday, loyalty card expiry, contract renewal. */
function drawDates(client: DemoClient, index: number, random: SeededRandom, now: number) {
  let birthDate = '';
  if (!client.isCompany && random.chance(0.9)) {
    const year = new Date(now).getUTCFullYear() - random.int(18, 82);
    // A few leap-day birthdays, on purpose: the birthday automation must handle them.
    birthDate =
      index % 397 === 0 && year % 4 === 0
        ? `${year}-02-29`
        : isoDate(new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28))));
  }
  const hasCard = client.profile !== 'prospect' && random.chance(0.45);
  const cardExpires = hasCard ? isoDate(new Date(now + random.int(-20, 540) * DAY)) : '';
  const contractRenews =
    client.isCompany && client.profile !== 'prospect' && random.chance(0.6)
      ? isoDate(new Date(now + random.int(5, 360) * DAY))
      : '';
  return { birthDate, hasCard, cardExpires, contractRenews };
}

/** The client's orders as purchase lines (numbered on from `ordersBefore`), and the loyalty points they earned. */
function drawPurchases(
  client: DemoClient,
  random: SeededRandom,
  now: number,
  ordersBefore: number,
): { lines: string[]; points: number } {
  const { moroccan, profile } = client;
  const dates = orderDates(profile, random, now);
  // Value per client: a Pareto multiplier on a log-normal basket, in the client's currency.
  const value = Math.min(random.pareto(1, 1.2), 40) * (client.isCompany ? 2.5 : 1);
  const medianBasket = moroccan ? 380 : 42;
  const lines: string[] = [];
  let points = 0;
  for (const date of dates) {
    const growth = profile === 'growing' ? 1 + dates.indexOf(date) * 0.05 : 1;
    const amount = Math.max(moroccan ? 20 : 2, random.logNormal(medianBasket * value, 0.45) * growth);
    const orderNumber = ordersBefore + lines.length + 1;
    points += Math.floor(amount / (moroccan ? 10 : 1));
    const at = new Date(date + random.int(9, 19) * 3_600_000 - (date % DAY));
    lines.push(
      csvLine([
        client.externalId,
        `CMD-${String(orderNumber).padStart(7, '0')}`,
        at.toISOString(),
        amount.toFixed(2),
        moroccan ? 'MAD' : 'EUR',
      ]),
    );
  }
  return { lines, points };
}
