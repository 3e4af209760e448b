import { TRIGGER_DATA_NAMES } from '../templates/engine/recipient-data';
import type { Trigger } from './automation-definition';
import { triggerData } from './trigger-data';

describe('what a trigger gives every message', () => {
  it('names only what every message of the step carries', () => {
    expect(
      Object.keys(
        triggerData({ type: 'date_offset', local_time: '10:00', field: 'contract_renews_on', offset_days: [-60] }, 1)
          .data,
      ),
    ).toEqual(['occurrence', 'due_at', 'date', 'offset_days', 'occurrence_date']);
    // Later win-back attempts carry no last_order_at; later steps none of the trigger's data.
    expect(Object.keys(triggerData({ type: 'inactivity', local_time: '10:00' }, 1).data)).toEqual([
      'occurrence',
      'due_at',
      'attempt',
    ]);
    expect(triggerData({ type: 'after_purchase', local_time: '10:00' }, 2)).toEqual({
      data: { occurrence: expect.any(String), due_at: expect.any(String), previous_delivery_id: '1' },
      open: false,
      sometimes: [],
    });
  });

  it('names only what the linter knows as trigger data, never printed raw (issue 15, item 2)', () => {
    const triggers: Trigger[] = [
      'birthday',
      'date_offset',
      'inactivity',
      'after_purchase',
      'welcome',
      'complaint_closed',
      'fixed_date',
      'event',
    ].map((type) => ({ type, local_time: '10:00', name: 'x' }) as Trigger);
    for (const trigger of triggers) {
      for (const position of [1, 2]) {
        const { data, sometimes } = triggerData(trigger, position);
        for (const name of [...Object.keys(data), ...sometimes])
          expect({ trigger: trigger.type, name, known: TRIGGER_DATA_NAMES.has(name) }).toEqual({
            trigger: trigger.type,
            name,
            known: true,
          });
      }
    }
  });

  it('leaves campaign data open where the event brings its own', () => {
    expect(triggerData({ type: 'event', local_time: '10:00', name: 'referral_succeeded' }, 1).open).toBe(true);
    expect(triggerData({ type: 'event', local_time: '10:00', name: 'referral_succeeded' }, 2).open).toBe(false);
    expect(triggerData({ type: 'birthday', local_time: '09:30' }, 1).open).toBe(false);
  });
});
