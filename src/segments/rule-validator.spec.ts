import fc from 'fast-check';
import { DomainError } from '../core/errors/domain-error';
import { validateRules } from './rule-validator';
import { FIELDS } from './segment-rules';

function problems(rules: unknown): Array<{ field: string; reason: string }> {
  try {
    validateRules(rules);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('segments.invalid_rules');
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).details!.fields!;
  }
  throw new Error('expected the rules to be refused');
}

describe('validateRules', () => {
  it('accepts the contract example and types every condition', () => {
    const checked = validateRules({
      all: [
        { field: 'region', op: 'eq', value: 'Bretagne' },
        { field: 'lifecycle', op: 'in', value: ['retention', 'development'] },
        {
          any: [
            { field: 'rfm.monetary', op: 'gte', value: 4 },
            { not: { field: 'consent.email', op: 'eq', value: 'none' } },
          ],
        },
        { field: 'purchases.total_amount', op: 'between', value: [100, 500], window_days: 365, currency: 'MAD' },
        { field: 'attr.points', op: 'gt', value: 10 },
        { field: 'attr.client_depuis', op: 'lt', value: '2020-01-01' },
        { field: 'birth_date', op: 'anniversary_within_days', value: 7 },
      ],
    });
    expect(checked.kind).toBe('all');
    const children = (checked as { children: Array<Record<string, unknown>> }).children;
    expect(children[0]).toMatchObject({ kind: 'condition', ref: { source: 'column', column: 'region' }, type: 'text' });
    expect(children[3]).toMatchObject({ type: 'number', windowDays: 365, currency: 'MAD', value: [100, 500] });
    expect(children[4]).toMatchObject({ ref: { source: 'attribute', name: 'points' }, type: 'number' });
    expect(children[5]).toMatchObject({ type: 'date' });
  });

  it('points at the offending path', () => {
    expect(
      problems({
        all: [{ field: 'region', op: 'eq', value: 'x' }, {}, { any: [{ field: 'age', op: 'gt=', value: 3 }] }],
      }),
    ).toEqual([
      { field: 'all[1]', reason: 'empty object: expected a group or a condition' },
      { field: 'all[2].any[0].op', reason: 'unknown operator "gt="' },
    ]);
    expect(problems({ not: { all: [{ field: 'lifecycle', op: 'eq', value: 'dormant' }] } })).toEqual([
      {
        field: 'not.all[0].value',
        reason: 'must be one of acquisition, development, retention, decline (got "dormant")',
      },
    ]);
  });

  it('refuses fields outside the whitelist, whatever they look like', () => {
    for (const field of [
      'id; DROP TABLE contacts',
      'erased_at',
      'c.email',
      'attr.Points',
      "attr.x'--",
      'attr.',
      'constructor',
      '__proto__',
      'toString',
    ]) {
      const [problem] = problems({ all: [{ field, op: 'eq', value: 'x' }] });
      expect(problem.field).toBe('all[0].field');
    }
  });

  it('checks each operator against the field type and its value', () => {
    expect(problems({ all: [{ field: 'silent', op: 'gt', value: true }] })[0].reason).toMatch(
      /^operator "gt" does not apply to silent/,
    );
    expect(problems({ all: [{ field: 'age', op: 'eq', value: '40' }] })[0]).toEqual({
      field: 'all[0].value',
      reason: 'must be a number (got "40")',
    });
    expect(problems({ all: [{ field: 'birth_date', op: 'eq', value: '2025-02-29' }] })[0].reason).toMatch(/YYYY-MM-DD/);
    expect(problems({ all: [{ field: 'region', op: 'in', value: [] }] })[0].reason).toMatch(/list of 1 to 1000/);
    expect(problems({ all: [{ field: 'age', op: 'between', value: [50, 18] }] })[0].reason).toMatch(
      /low bound comes first/,
    );
    expect(problems({ all: [{ field: 'city', op: 'contains', value: '' }] })[0].reason).toMatch(/non-empty text/);
    expect(problems({ all: [{ field: 'email', op: 'is_null', value: 'x' }] })[0].reason).toBe('is_null takes no value');
    expect(problems({ all: [{ field: 'birth_date', op: 'within_next_days', value: -3 }] })[0].reason).toMatch(
      /whole number of days/,
    );
    expect(problems({ all: [{ field: 'birth_date', op: 'anniversary_within_days', value: 400 }] })[0].reason).toMatch(
      /0 to 366/,
    );
    expect(problems({ all: [{ field: 'purchases.last_at', op: 'in', value: ['2025-01-01'] }] })[0].field).toBe(
      'all[0].op',
    );
  });

  it('types custom attributes by the value compared', () => {
    expect(problems({ all: [{ field: 'attr.x', op: 'in', value: [1, 'a'] }] })[0].reason).toMatch(
      /cannot tell the type/,
    );
    expect(problems({ all: [{ field: 'attr.x', op: 'gt', value: true }] })[0].reason).toMatch(/does not apply/);
    expect(validateRules({ all: [{ field: 'attr.x', op: 'eq', value: true }] })).toMatchObject({
      children: [{ type: 'boolean' }],
    });
    expect(validateRules({ all: [{ field: 'attr.x', op: 'within_last_days', value: 30 }] })).toMatchObject({
      children: [{ type: 'date' }],
    });
    expect(validateRules({ all: [{ field: 'attr.x', op: 'contains', value: '2025-01-01' }] })).toMatchObject({
      children: [{ type: 'text' }],
    });
  });

  it('allows windows and currencies only where they mean something', () => {
    expect(problems({ all: [{ field: 'age', op: 'gt', value: 3, window_days: 30 }] })[0].field).toBe(
      'all[0].window_days',
    );
    expect(problems({ all: [{ field: 'purchases.count', op: 'gt', value: 3, currency: 'EUR' }] })[0].field).toBe(
      'all[0].currency',
    );
    expect(
      problems({ all: [{ field: 'purchases.total_amount', op: 'gt', value: 3, currency: 'eur' }] })[0].reason,
    ).toMatch(/ISO 4217/);
    expect(problems({ all: [{ field: 'purchases.count', op: 'gt', value: 3, window_days: 1.5 }] })[0].reason).toMatch(
      /whole number/,
    );
  });

  it('refuses malformed groups, unknown keys and abusive trees', () => {
    expect(problems([])[0].field).toBe('(rules)');
    expect(problems({ field: 'age', op: 'gt', value: 3 })[0].field).toBe('(rules)');
    expect(problems({ all: [], any: [] })[0].reason).toMatch(/exactly one of all, any, not/);
    expect(problems({ all: [{ field: 'age', op: 'gt', value: 3, extra: 1 }] })[0].field).toBe('all[0].extra');
    expect(problems({ all: 'x' })[0]).toEqual({
      field: 'all',
      reason: 'must be a list of groups and conditions (got "x")',
    });
    let deep: unknown = { field: 'age', op: 'gt', value: 3 };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    expect(problems(deep)[0].reason).toMatch(/nest at most/);
    expect(
      problems({ any: Array.from({ length: 201 }, () => ({ field: 'age', op: 'gt', value: 3 })) })[0].reason,
    ).toMatch(/at most 200 conditions/);
  });

  it('accepts empty groups: all of nothing is everyone, any of nothing is no one', () => {
    expect(validateRules({ all: [] })).toEqual({ kind: 'all', children: [] });
    expect(validateRules({ any: [] })).toEqual({ kind: 'any', children: [] });
  });

  describe('number fields keep to their range, so no value reaches SQL that its type cannot hold', () => {
    const ranged = Object.entries(FIELDS).flatMap(([field, spec]) =>
      spec.range ? [{ field, ...spec.range, integer: Boolean(spec.integer) }] : [],
    );

    it('names the condition for the probes of the issue (1e20 purchases, an age of 1e300)', () => {
      expect(problems({ all: [{ field: 'purchases.count', op: 'gt', value: 1e20 }] })).toEqual([
        { field: 'all[0].value', reason: 'must be from 0 to 1000000000 (got 100000000000000000000)' },
      ]);
      expect(
        problems({
          any: [
            { field: 'age', op: 'gte', value: 18 },
            { field: 'age', op: 'lt', value: 1e300 },
          ],
        }),
      ).toEqual([{ field: 'any[1].value', reason: 'must be from 0 to 150 (got 1e+300)' }]);
      expect(problems({ all: [{ field: 'nps.score', op: 'in', value: [9, -1] }] })[0].field).toBe('all[0].value[1]');
      expect(problems({ all: [{ field: 'rfm.recency', op: 'between', value: [0, 5] }] })[0].field).toBe(
        'all[0].value[0]',
      );
    });

    it('refuses every value outside the range and accepts every value inside it', () => {
      fc.assert(
        fc.property(
          fc
            .constantFrom(...ranged)
            .chain((range) =>
              fc.tuple(
                fc.constant(range),
                fc.oneof(
                  fc.double({ noNaN: true, noDefaultInfinity: true }),
                  fc.integer({ min: Math.max(range.min - 100, -1e9), max: Math.min(range.max + 100, 1e9) }),
                  fc.constantFrom(range.min, range.max, range.min - 1, range.max + 1, range.min - 0.5, range.max + 0.5),
                ),
              ),
            ),
          fc.constantFrom('eq', 'gt', 'lte'),
          ([range, value], op) => {
            const inside = value >= range.min && value <= range.max;
            const rules = { all: [{ field: range.field, op, value }] };
            if (inside) expect(validateRules(rules)).toMatchObject({ children: [{ value }] });
            else
              expect(problems(rules)).toEqual([
                { field: 'all[0].value', reason: expect.stringMatching(/^must be from /) },
              ]);
          },
        ),
      );
    });

    it('keeps every whole value of an integer field within a bigint', () => {
      for (const range of ranged.filter((r) => r.integer)) {
        expect(Number.isSafeInteger(range.min) && Number.isSafeInteger(range.max)).toBe(true);
      }
    });
  });
});
