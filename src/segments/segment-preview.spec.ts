import { shapeBreakdown } from './segment-preview';

describe('shapeBreakdown', () => {
  it('gives every stage and tier, regions largest first, and reachability with refusal reasons', () => {
    const rows = [
      { dimension: 'lifecycle', value: 'retention', count: 5 },
      { dimension: 'lifecycle', value: null, count: 2 },
      { dimension: 'value_tier', value: 'top', count: 3 },
      { dimension: 'value_tier', value: null, count: 4 },
      ...Array.from({ length: 22 }, (_, i) => ({
        dimension: 'region',
        value: `R${String(i).padStart(2, '0')}`,
        count: i < 21 ? 1 : 0,
      })),
      { dimension: 'region', value: null, count: 0 },
      { dimension: 'email', value: null, count: 4 },
      { dimension: 'email', value: 'no_consent', count: 3 },
      { dimension: 'postal', value: null, count: 7 },
    ];
    rows[4].count = 3;
    const { count, breakdown } = shapeBreakdown(rows);
    expect(count).toBe(7);
    expect(breakdown.lifecycle).toEqual({ acquisition: 0, development: 0, retention: 5, decline: 0, unscored: 2 });
    expect(breakdown.value_tier).toEqual({ top: 3, core: 0, tail: 0, none: 4 });
    expect(breakdown.region).toHaveLength(20);
    expect(breakdown.region[0]).toEqual({ region: 'R00', count: 3 });
    expect(breakdown.other_regions).toBe(1);
    expect(breakdown.reachability.email).toEqual({ reachable: 4, refused: { no_consent: 3 } });
    expect(breakdown.reachability.sms).toEqual({ reachable: 0, refused: {} });
    expect(breakdown.reachability.postal).toEqual({ reachable: 7, refused: {} });
  });
});
