import { rawCsvLine as csvLine } from '../core/csv/csv-writer';
import type { DemoCampaignKey } from './demo-campaigns';
import { SeededRandom } from './random';

/** One member of a campaign's audience after the send, in a stable order (by external id). */
export interface AudienceMember {
  external_id: string;
  group: 'treatment' | 'holdout';
  /** The response code of the message the contact received (treatment only, when it left). */
  response_code: string | null;
  /** The contact's usual basket in the campaign's currency, from their history. */
  usual_basket: number;
}

/** How an audience behaves in the weeks after a campaign (probabilities per contact). */
export interface Behaviour {
  /** Share of recipients who send the coupon back (letter) or claim the voucher (e-mail). */
  coupon: number;
  /** Of those, share who then buy with the code. */
  couponBuys: number;
  /** Other recipients who buy anyway within the window, without a code. */
  treatmentBuys: number;
  /** Holdout contacts who buy within the window: the baseline the campaign is compared with. */
  holdoutBuys: number;
  /** Of returned coupons, share with "no more mail" ticked. */
  optOut: number;
  /** The answers a coupon carries (its options). */
  answers: readonly string[];
}

export const BEHAVIOUR: Record<DemoCampaignKey, Behaviour> = {
  // Top clients invited to a private evening: many answer, and guests buy on the night.
  letter: {
    coupon: 0.18,
    couponBuys: 0.7,
    treatmentBuys: 0.3,
    holdoutBuys: 0.22,
    optOut: 0.02,
    answers: ['Je serai présent', 'Je serai présent et accompagné', 'Je ne pourrai pas venir'],
  },
  // Silent clients: few come back, but the voucher brings some, and the holdout shows how few would have anyway.
  winback: {
    coupon: 0.07,
    couponBuys: 0.8,
    treatmentBuys: 0.05,
    holdoutBuys: 0.03,
    optOut: 0,
    answers: ["J'utilise mon bon d'achat"],
  },
};

export interface SimulatedCoupon {
  code: string;
  received_at: Date;
  answer: string;
  opt_out: boolean;
}

export interface SimulatedReturns {
  coupons: SimulatedCoupon[];
  purchasesCsv: string;
  purchases: number;
  purchasesWithCode: number;
}

export const RETURN_PURCHASE_COLUMNS = [
  'external_id',
  'order_id',
  'ordered_at',
  'amount',
  'currency',
  'response_code',
] as const;

const DAY = 86_400_000;

/**
 * The weeks after a campaign, simulated from a seed: coupons sent back (each with the code
 * printed on it), purchases made with the code (at the till, the voucher or invitation shown),
 * purchases made without one by recipients, and the holdout's own purchases. Everything falls
 * between the send and `until`, within the 30-day attribution window.
 */
export function simulateReturns(
  key: DemoCampaignKey,
  audience: AudienceMember[],
  options: { seed: number; sentAt: Date; until: Date; currency: string },
): SimulatedReturns {
  const behaviour = BEHAVIOUR[key];
  const random = new SeededRandom(options.seed ^ (key === 'letter' ? 0x1e77e4 : 0x3a1cb));
  const window = Math.min(28, Math.floor((options.until.getTime() - options.sentAt.getTime()) / DAY) - 1);
  const day = (from: number, to: number) =>
    new Date(
      options.sentAt.getTime() +
        random.int(from, Math.max(from, Math.min(to, window))) * DAY +
        random.int(9 * 3600, 19 * 3600) * 1000,
    );
  const coupons: SimulatedCoupon[] = [];
  const lines = [csvLine([...RETURN_PURCHASE_COLUMNS])];
  let orders = 0;
  let withCode = 0;
  const buy = (member: AudienceMember, at: Date, code: string | null) => {
    orders++;
    if (code) withCode++;
    const amount = Math.max(20, random.logNormal(member.usual_basket, 0.35));
    lines.push(
      csvLine([
        member.external_id,
        `DEMO-${key.toUpperCase()}-${member.external_id}-${orders}`,
        at.toISOString(),
        amount.toFixed(2),
        options.currency,
        code ?? '',
      ]),
    );
  };
  for (const member of audience) {
    // Draw every number for every member, whatever the branch: one member's fate never shifts another's.
    const [couponRoll, buyRoll, anywayRoll, optOutRoll] = [random.next(), random.next(), random.next(), random.next()];
    const answer = random.pick(behaviour.answers);
    const couponAt = day(2, 14);
    const buyAt = day(1, 28);
    if (member.group === 'holdout') {
      if (anywayRoll < behaviour.holdoutBuys) buy(member, buyAt, null);
      continue;
    }
    if (!member.response_code) continue;
    if (couponRoll < behaviour.coupon) {
      coupons.push({
        code: member.response_code,
        received_at: couponAt,
        answer,
        opt_out: optOutRoll < behaviour.optOut,
      });
      if (buyRoll < behaviour.couponBuys)
        buy(member, new Date(Math.max(couponAt.getTime() + DAY, buyAt.getTime())), member.response_code);
    } else if (anywayRoll < behaviour.treatmentBuys) buy(member, buyAt, null);
  }
  return { coupons, purchasesCsv: lines.join(''), purchases: orders, purchasesWithCode: withCode };
}
