import { DEFAULT_PAGE_SIZE, nextCursor, parseDeliveryPage } from './delivery-list-page';

describe('pages of the delivery list', () => {
  it('starts with the deliveries, goes on after a delivery id or into the control group', () => {
    expect(parseDeliveryPage({})).toEqual({ cursor: { part: 'deliveries', after: '0' }, limit: DEFAULT_PAGE_SIZE });
    expect(parseDeliveryPage({ after: '1234', limit: '50' })).toEqual({
      cursor: { part: 'deliveries', after: '1234' },
      limit: 50,
    });
    expect(parseDeliveryPage({ after: 'holdout:77', limit: 3 })).toEqual({
      cursor: { part: 'holdout', after: '77' },
      limit: 3,
    });
  });

  it('refuses a malformed cursor or page size, naming the field', () => {
    for (const [input, field] of [
      [{ after: 'null' }, 'after'],
      [{ after: 'holdout:' }, 'after'],
      [{ after: '-1' }, 'after'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '1.5' }, 'limit'],
      [{ limit: 'abc' }, 'limit'],
      [{ limit: '1000001' }, 'limit'],
    ] as const) {
      expect(() => parseDeliveryPage(input)).toThrow(
        expect.objectContaining({ kind: 'invalid', details: { fields: [expect.objectContaining({ field })] } }),
      );
    }
  });

  it('names the next page only after a full one', () => {
    expect(nextCursor({ part: 'deliveries', position: '90' }, 10, 10)).toBe('90');
    expect(nextCursor({ part: 'holdout', position: '7' }, 10, 10)).toBe('holdout:7');
    expect(nextCursor({ part: 'holdout', position: '7' }, 9, 10)).toBeNull();
    expect(nextCursor(undefined, 0, 10)).toBeNull();
  });
});
