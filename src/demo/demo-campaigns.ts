import { createHash } from 'node:crypto';

/** The demo company: a Casablanca retailer with clients in Morocco and France. Templates need all of it. */
export const DEMO_SENDER = {
  name: 'Maison Atlas',
  email: 'bonjour@maison-atlas.ma',
  postal_address: '12 boulevard d’Anfa\n20250 Casablanca',
  place: 'Casablanca',
  signatory_name: 'Salma Berrada',
  signatory_title: 'Directrice de la relation client',
  country: 'MA',
};

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export type DemoCampaignKey = 'letter' | 'winback';

export interface DemoCampaign {
  key: DemoCampaignKey;
  id: string;
  definition: Record<string, unknown>;
}

/**
 * A stable campaign id per seed and campaign: the holdout is drawn from the id, so the same seed
 * gives the same holdout, the same simulated returns and the same report on every machine.
 */
export function demoCampaignId(seed: number, key: DemoCampaignKey): string {
  const hex = createHash('sha256').update(`relance-demo:${seed}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The main job of the demo, on the Moroccan clients (the reports are in MAD): a loyalty letter
 * — an invitation to a private evening — to the top value tier, with its reply coupon, and a
 * win-back e-mail with a voucher to the clients who went silent. Both keep a 10 % holdout.
 */
export function demoCampaigns(seed: number, sendDay: Date): DemoCampaign[] {
  const at = (days: number) => isoDay(new Date(sendDay.getTime() + days * DAY));
  const common = {
    sender: DEMO_SENDER,
    holdout_percent: 10,
    margin_rate: 0.35,
    attribution_days: 30,
  };
  return [
    {
      key: 'letter',
      id: demoCampaignId(seed, 'letter'),
      definition: {
        ...common,
        name: 'Soirée privée des meilleurs clients (lettre)',
        objective: 'loyalty',
        segment: {
          all: [
            { field: 'value_tier', op: 'eq', value: 'top' },
            { field: 'country', op: 'eq', value: 'MA' },
          ],
        },
        channel: 'letter',
        template: 'templates/letters/event-invitation.hbs',
        costs: { fixed: 1500, per_message: { letter: 4.5 }, currency: 'MAD' },
        data: {
          // The story happens weeks ago while the engine prints now: the letters bear the send day,
          // before the evening they invite to and the reply date.
          letter_date: at(0),
          event_name: 'la soirée privée de la collection de printemps',
          event_date: at(18),
          event_time: '19 h 00',
          event_place: "notre magasin du boulevard d'Anfa, à Casablanca",
          rsvp_by: at(12),
        },
      },
    },
    {
      key: 'winback',
      id: demoCampaignId(seed, 'winback'),
      definition: {
        ...common,
        name: 'Vous nous manquez (e-mail aux clients silencieux)',
        objective: 'reactivation',
        // Silent top-tier clients get the invitation instead: one objective per mailing, one mailing per client.
        segment: {
          all: [
            { field: 'silent', op: 'eq', value: true },
            { field: 'country', op: 'eq', value: 'MA' },
            { field: 'value_tier', op: 'neq', value: 'top' },
          ],
        },
        channel: 'email',
        template: 'templates/email/winback.mjml',
        costs: { fixed: 300, per_message: { email: 0.02 }, currency: 'MAD' },
        data: { voucher_amount: '200', voucher_ends_on: at(30) },
      },
    },
  ];
}
