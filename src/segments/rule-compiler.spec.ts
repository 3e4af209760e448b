import fc from 'fast-check';
import { FRANCE_CNIL } from '../consent/consent-policy';
import { compileSegment } from './rule-compiler';
import { validateRules } from './rule-validator';
import type { SegmentContext } from './segment-rules';

const context: SegmentContext = {
  policy: FRANCE_CNIL,
  now: new Date('2026-11-24T10:00:00Z'),
  timeZone: 'Europe/Paris',
  currency: 'EUR',
};
const compile = (rules: unknown, paramOffset?: number) =>
  compileSegment(validateRules(rules), context, { paramOffset });

describe('compileSegment', () => {
  it('compiles a typical rule to one query with bind parameters and only the joins it needs', () => {
    const { sql, params } = compile({
      all: [
        { field: 'region', op: 'eq', value: 'Bretagne' },
        { field: 'lifecycle', op: 'eq', value: 'retention' },
        { field: 'rfm.monetary', op: 'gte', value: 4 },
        { field: 'consent.email', op: 'eq', value: 'granted' },
      ],
    });
    expect(sql).toMatch(
      /^SELECT c\.id FROM contacts c LEFT JOIN contact_scores s ON s\.contact_id = c\.id WHERE c\.erased_at IS NULL AND \(/,
    );
    expect(sql).not.toContain('contact_feedback');
    expect(sql).toContain('(c.region = $1::text)');
    expect(sql).toContain('(s.lifecycle = $2::text)');
    expect(sql).toContain('(s.monetary_score >= $3::bigint)');
    expect(sql).toContain("cs.channel = 'email'");
    expect(params).toEqual(['Bretagne', 'retention', 4, 'granted']);
  });

  it('numbers placeholders after an enclosing query when asked', () => {
    const { sql, params } = compile({ all: [{ field: 'city', op: 'eq', value: 'Rabat' }] }, 2);
    expect(sql).toContain('c.city = $3::text');
    expect(params).toEqual(['Rabat']);
  });

  it('makes every negation an exact complement, missing values included', () => {
    expect(compile({ all: [{ field: 'region', op: 'neq', value: 'Oriental' }] }).sql).toContain(
      'c.region IS DISTINCT FROM $1::text',
    );
    expect(compile({ all: [{ field: 'region', op: 'nin', value: ['A', 'B'] }] }).sql).toContain(
      'NOT coalesce(c.region = ANY($1::text[]), false)',
    );
    expect(compile({ not: { field: 'region', op: 'eq', value: 'A' } }).sql).toContain(
      '(NOT coalesce((c.region = $1::text), false))',
    );
  });

  it('reads custom attributes by a bound name, typed by the value', () => {
    const { sql, params } = compile({
      all: [
        { field: 'attr.points', op: 'gte', value: 100.5 },
        { field: 'attr.vip', op: 'eq', value: true },
      ],
    });
    expect(sql).toContain(
      "(CASE WHEN jsonb_typeof((c.attributes -> $1::text)) = 'number' THEN (c.attributes ->> $1::text)::numeric END) >= $2::numeric",
    );
    expect(sql).toContain("(CASE WHEN jsonb_typeof((c.attributes -> $3::text)) = 'boolean'");
    expect(params).toEqual(['points', 100.5, 'vip', true]);
  });

  it('turns windows and calendar operators into local-day bounds', () => {
    const { sql, params } = compile({
      all: [
        { field: 'purchases.count', op: 'gte', value: 2, window_days: 30 },
        { field: 'purchases.total_amount', op: 'gt', value: 500, currency: 'MAD' },
        { field: 'birth_date', op: 'anniversary_within_days', value: 2 },
        { field: 'loyalty_card_expires_on', op: 'within_next_days', value: 30 },
        { field: 'purchases.last_at', op: 'lte', value: '2026-10-31' },
      ],
    });
    expect(sql).toContain(
      '(SELECT count(*) FROM purchases p WHERE p.contact_id = c.id AND p.ordered_at >= $1::timestamptz AND p.ordered_at < $2::timestamptz) >= $3::bigint',
    );
    expect(params.slice(0, 3)).toEqual(['2026-10-24T22:00:00.000Z', '2026-11-24T23:00:00.000Z', 2]);
    expect(sql).toContain('p.currency = $4::text');
    expect(params).toContainEqual('MAD');
    expect(params).toContainEqual([1124, 1125, 1126]);
    expect(params).toContainEqual('2026-12-24');
    expect(sql).toMatch(/<@ tstzrange\(NULL, \$\d+::timestamptz, '\[\)'\)/);
    expect(params).toContainEqual('2026-10-31T23:00:00.000Z');
  });

  it('never writes a value into the SQL text: the text is the same whatever the values (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 30 });
    const attribute = fc.stringMatching(/^[a-z0-9_]{1,20}$/);
    const rules = (value: string, other: string, name: string) => ({
      any: [
        { field: 'last_name', op: 'eq', value },
        { field: 'city', op: 'contains', value: other },
        { field: `attr.${name}`, op: 'in', value: [value, other] },
        { not: { field: 'region', op: 'starts_with', value: other } },
      ],
    });
    const reference = compile(rules('x', 'y', 'z'));
    fc.assert(
      fc.property(text, text, attribute, (value, other, name) => {
        const { sql, params } = compile(rules(value, other, name));
        expect(sql.replace(/\$\d+/g, '$')).toBe(reference.sql.replace(/\$\d+/g, '$'));
        expect(params).toContain(value);
        expect(params).toContain(name);
      }),
      { numRuns: 300 },
    );
    expect(compile(rules("'; DROP TABLE contacts; --", 'a', 'b')).sql).not.toContain('DROP');
  });

  it('reads everyone for an empty all and no one for an empty any', () => {
    expect(compile({ all: [] }).sql).toBe('SELECT c.id FROM contacts c WHERE c.erased_at IS NULL AND true');
    expect(compile({ any: [] }).sql).toBe('SELECT c.id FROM contacts c WHERE c.erased_at IS NULL AND false');
  });
});
