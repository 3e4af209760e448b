import type { CouponFound, CouponLookup } from '../../responses/coupons.service';

/** Saisie des coupons: what the page shows of a typed code (pure: no database here). */
export const COUPONS_PATH = '/coupons';

const PROBLEMS: Record<Exclude<CouponLookup, CouponFound>['problem'], string> = {
  malformed: 'Ce code n’a pas la forme d’un code réponse (8 caractères imprimés sous le coupon). Vérifiez la saisie.',
  unknown: 'Aucun courrier ne porte ce code réponse. Vérifiez la saisie : le coupon n’a pas été enregistré.',
  not_a_letter: 'Ce code réponse est celui d’un message qui n’est pas une lettre : il n’a pas de coupon-réponse.',
};

export interface CouponNotice {
  name: string;
  campaign: string;
  optOut: boolean;
}

/** The typed code's answer: the coupon to tick, or why there is none (said in French). */
export function couponView(typed: string, lookup: CouponLookup, canRecord: boolean) {
  if (!lookup.found) return { typed, problem: PROBLEMS[lookup.problem], coupon: null };
  return {
    typed,
    problem: lookup.recorded
      ? `Ce coupon est déjà enregistré (le ${frenchDay(lookup.recorded.at)}) : il ne sera pas compté deux fois.`
      : null,
    coupon: {
      code: lookup.responseCode,
      action: `${COUPONS_PATH}/${encodeURIComponent(lookup.responseCode)}`,
      name: lookup.contact.name,
      externalId: lookup.contact.externalId,
      campaign: { name: lookup.campaign.name, href: campaignHref(lookup.campaign) },
      template: lookup.template,
      sentAt: lookup.sentAt,
      title: lookup.title,
      options: lookup.options.map((text, index) => ({ field: `box_${index + 1}`, text, first: index === 0 })),
      optOut: lookup.optOut,
      recorded: lookup.recorded,
      canRecord: canRecord && !lookup.recorded,
    },
  };
}

/** The ticked boxes of the posted form (`box_1`…, `opt_out`): anything else is ignored. */
export function tickedBoxes(body: Record<string, unknown>, options: number): { boxes: number[]; optOut: boolean } {
  const boxes: number[] = [];
  for (let n = 1; n <= options; n++) if (body[`box_${n}`] === 'on') boxes.push(n);
  return { boxes, optOut: body.opt_out === 'on' };
}

/** A campaign's page; automations and service messages have theirs elsewhere (their name is shown alone). */
export function campaignHref(campaign: { id: string; kind: string }): string | null {
  if (campaign.kind === 'campaign') return `/campagnes/${encodeURIComponent(campaign.id)}`;
  return null;
}

function frenchDay(at: Date): string {
  return at.toLocaleDateString('fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });
}
