import fc from 'fast-check';
import { bestTimeToCall } from './call-time';

describe('best time to call', () => {
  it('follows purchase habits within the allowed hours', () => {
    expect(bestTimeToCall({ type: 'person', purchaseHour: 19, purchaseWeekday: 2, purchases: 8 })).toEqual({ day: 'tuesday', from: '18:00', to: '20:00', basis: 'purchase_habits' });
    expect(bestTimeToCall({ type: 'person', purchaseHour: 13, purchaseWeekday: 6, purchases: 4 })).toEqual({ day: 'weekday', from: '11:00', to: '13:00', basis: 'purchase_habits' });
    expect(bestTimeToCall({ type: 'person', purchaseHour: 22, purchaseWeekday: 3, purchases: 4 })).toMatchObject({ from: '18:00', to: '20:00' });
    expect(bestTimeToCall({ type: 'company', purchaseHour: 8, purchaseWeekday: 1, purchases: 12 })).toEqual({ day: 'monday', from: '09:00', to: '11:00', basis: 'purchase_habits' });
  });

  it('falls back to evenings for persons and late mornings for companies', () => {
    expect(bestTimeToCall({ type: 'person', purchaseHour: 9, purchaseWeekday: 1, purchases: 1 })).toEqual({ day: 'weekday', from: '18:00', to: '20:00', basis: 'default_person' });
    expect(bestTimeToCall({ type: 'company', purchases: 0 })).toEqual({ day: 'weekday', from: '10:00', to: '12:00', basis: 'default_company' });
  });

  it('never proposes a call outside weekdays 10:00–13:00 / 14:00–20:00 for persons', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 50 }), (hour, weekday, purchases) => {
        const window = bestTimeToCall({ type: 'person', purchaseHour: hour, purchaseWeekday: weekday, purchases });
        const from = Number(window.from.slice(0, 2));
        const to = Number(window.to.slice(0, 2));
        expect((from >= 10 && to <= 13) || (from >= 14 && to <= 20)).toBe(true);
        expect(['saturday', 'sunday']).not.toContain(window.day);
      }),
    );
  });
});
