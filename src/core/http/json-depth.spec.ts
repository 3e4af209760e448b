import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { assertJsonDepth, fieldNestedTooDeep } from './json-depth';

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { all: value } : [value];
  return value;
}

describe('fieldNestedTooDeep', () => {
  it('names the top-level field that nests too deep, without recursing (10,000 and 1,000,000 levels)', () => {
    expect(fieldNestedTooDeep({ name: 'x', rules: nested(10_000) })).toBe('rules');
    expect(fieldNestedTooDeep({ segment: nested(1_000_000) })).toBe('segment');
    expect(fieldNestedTooDeep(nested(101))).toBe('(body)');
    expect(fieldNestedTooDeep(nested(100))).toBe('all');
  });

  it('counts the document itself as the first level', () => {
    expect(fieldNestedTooDeep({ a: nested(3) }, 4)).toBeUndefined();
    expect(fieldNestedTooDeep({ a: nested(4) }, 4)).toBe('a');
    expect(fieldNestedTooDeep('text', 0)).toBeUndefined();
  });

  it('agrees with a recursive depth on any JSON value', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (value, max) => {
        expect(fieldNestedTooDeep(value, max) === undefined).toBe(depthOf(value) <= max);
      }),
    );
  });

  it('throws a 400-kind error naming the field', () => {
    const error = (() => {
      try {
        assertJsonDepth({ rules: nested(100) });
      } catch (e) {
        return e;
      }
    })() as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'validation.too_deep',
      details: { fields: [{ field: 'rules', reason: 'nests more than 64 levels deep' }] },
    });
  });
});
