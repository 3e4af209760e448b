import { triggerData } from './trigger-data';

describe('what a trigger gives every message', () => {
  it('names only what every message of the step carries', () => {
    expect(Object.keys(triggerData({ type: 'date_offset', local_time: '10:00', field: 'contract_renews_on', offset_days: [-60] }, 1).data)).toEqual(['occurrence', 'due_at', 'date', 'offset_days', 'occurrence_date']);
    // Later win-back attempts carry no last_order_at; later steps none of the trigger's data.
    expect(Object.keys(triggerData({ type: 'inactivity', local_time: '10:00' }, 1).data)).toEqual(['occurrence', 'due_at', 'attempt']);
    expect(triggerData({ type: 'after_purchase', local_time: '10:00' }, 2)).toEqual({ data: { occurrence: expect.any(String), due_at: expect.any(String), previous_delivery_id: '1' }, open: false });
  });

  it('leaves campaign data open where the event brings its own', () => {
    expect(triggerData({ type: 'event', local_time: '10:00', name: 'referral_succeeded' }, 1).open).toBe(true);
    expect(triggerData({ type: 'event', local_time: '10:00', name: 'referral_succeeded' }, 2).open).toBe(false);
    expect(triggerData({ type: 'birthday', local_time: '09:30' }, 1).open).toBe(false);
  });
});
