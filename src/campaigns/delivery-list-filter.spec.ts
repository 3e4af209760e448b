import { DomainError } from '../core/errors/domain-error';
import { listedParts, parseDeliveryFilter } from './delivery-list-filter';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('delivery list filter', () => {
  it('reads a state and a step, and no filter when they are absent or empty', () => {
    expect(parseDeliveryFilter({})).toEqual({});
    expect(parseDeliveryFilter({ state: '', step: '' })).toEqual({});
    expect(parseDeliveryFilter({ state: 'delivered', step: '2' })).toEqual({ state: 'delivered', step: 2 });
    expect(parseDeliveryFilter({ state: 'held_out' })).toEqual({ state: 'held_out' });
    expect(parseDeliveryFilter({ step: 3 })).toEqual({ step: 3 });
  });

  it('refuses a state or a step it does not know, naming the parameter as the caller calls it', () => {
    for (const [input, field] of [
      [{ state: 'lost' }, 'state'],
      [{ state: ['sent', 'delivered'] }, 'state'],
      [{ step: '0' }, 'step'],
      [{ step: 'two' }, 'step'],
      [{ step: '1.5' }, 'step'],
      [{ step: '99999' }, 'step'],
      [{ step: -1 }, 'step'],
    ] as const) {
      const error = refusal(() => parseDeliveryFilter(input));
      expect(error.kind).toBe('invalid');
      expect(error.details?.fields).toEqual([{ field, reason: expect.any(String) }]);
    }
    const french = refusal(() => parseDeliveryFilter({ state: 'x' }, { state: 'etat', step: 'etape' }));
    expect(french.details?.fields).toEqual([{ field: 'etat', reason: expect.stringContaining('"x"') }]);
  });

  it('keeps the deliveries for a state or a step, the control group alone for held_out, both without a filter', () => {
    expect(listedParts({})).toEqual({ deliveries: true, holdout: true });
    expect(listedParts({ state: 'sent' })).toEqual({ deliveries: true, holdout: false });
    expect(listedParts({ step: 1 })).toEqual({ deliveries: true, holdout: false });
    expect(listedParts({ state: 'held_out' })).toEqual({ deliveries: false, holdout: true });
    expect(listedParts({ state: 'held_out', step: 1 })).toEqual({ deliveries: false, holdout: false });
  });
});
