import type { CouponFound } from '../../responses/coupons.service';
import { couponView, tickedBoxes } from './coupon-view';

const FOUND: CouponFound = {
  found: true,
  deliveryId: '12',
  responseCode: 'ABCD-EFGH',
  contact: { externalId: 'C1', name: '<b>Inès</b>' },
  campaign: { id: 'c-1', name: 'Soirée', kind: 'campaign' },
  template: 'templates/letters/event-invitation.hbs',
  sentAt: null,
  title: 'Oui',
  options: ['Je viendrai', 'Avec un ami'],
  optOut: 'Je ne souhaite plus recevoir de courrier',
  recorded: null,
};

describe('the coupon entry page', () => {
  it('reads only the boxes the coupon has, and the opt-out', () => {
    expect(tickedBoxes({ box_2: 'on', box_3: 'on', box_x: 'on', opt_out: 'on' }, 2)).toEqual({
      boxes: [2],
      optOut: true,
    });
    expect(tickedBoxes({}, 2)).toEqual({ boxes: [], optOut: false });
  });

  it('says a wrong code and an already recorded coupon in French, and lets only a marketer record', () => {
    expect(couponView('x', { found: false, problem: 'unknown' }, true).problem).toMatch(/^Aucun courrier/);
    expect(couponView('x', { found: false, problem: 'malformed' }, true).problem).toMatch(/forme d’un code/);
    const fresh = couponView('abcd-efgh', FOUND, true);
    expect(fresh.problem).toBeNull();
    expect(fresh.coupon).toMatchObject({
      canRecord: true,
      action: '/coupons/ABCD-EFGH',
      campaign: { href: '/campagnes/c-1' },
    });
    expect(couponView('abcd-efgh', FOUND, false).coupon?.canRecord).toBe(false);
    const again = couponView(
      'abcd-efgh',
      { ...FOUND, recorded: { at: new Date('2026-12-07T10:00:00Z'), ticked: [], optOut: false } },
      true,
    );
    expect(again.problem).toMatch(/déjà enregistré \(le 7 déc\. 2026\)/);
    expect(again.coupon?.canRecord).toBe(false);
  });
});
