import fc from 'fast-check';
import { CompactTokens } from './compact-tokens';

const tokens = new CompactTokens({ key: Buffer.from('k'.repeat(64)), previousKeys: [] } as never);
const other = new CompactTokens({ key: Buffer.from('j'.repeat(64)), previousKeys: [] } as never);

describe('compact tokens', () => {
  it('round-trips every payload, 22 URL-safe characters each, one per item', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 65535 }), (id, index) => {
        const [token] = tokens.seal([{ kind: 2, id, index }]);
        expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(tokens.open(2, token)).toEqual({ id, index });
      }),
    );
  });

  it('refuses another kind, another key, any altered character and non-canonical encodings', () => {
    const [open, click] = tokens.seal([
      { kind: 1, id: 42, index: 0 },
      { kind: 2, id: 42, index: 3 },
    ]);
    expect(open).not.toBe(click);
    expect(tokens.open(2, open)).toBeUndefined();
    expect(other.open(2, click)).toBeUndefined();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let position = 0; position < click.length; position++) {
      for (const replacement of alphabet) {
        if (replacement === click[position]) continue;
        expect(tokens.open(2, click.slice(0, position) + replacement + click.slice(position + 1))).toBeUndefined();
      }
    }
    expect(tokens.open(2, click + 'A')).toBeUndefined();
    expect(tokens.open(2, undefined)).toBeUndefined();
  });

  it('refuses what it cannot encode', () => {
    expect(() => tokens.seal([{ kind: 0, id: 1, index: 0 }])).toThrow(RangeError);
    expect(() => tokens.seal([{ kind: 1, id: 2 ** 48, index: 0 }])).toThrow(RangeError);
    expect(() => tokens.seal([{ kind: 1, id: 1, index: 70000 }])).toThrow(RangeError);
  });

  it('after a key rotation, still opens tokens sealed with a listed former key', () => {
    const [click] = tokens.seal([{ kind: 2, id: 42, index: 3 }]);
    const rotated = new CompactTokens({
      key: Buffer.from('j'.repeat(64)),
      previousKeys: [Buffer.from('k'.repeat(64))],
    } as never);
    expect(rotated.open(2, click)).toEqual({ id: 42, index: 3 });
    expect(rotated.open(1, click)).toBeUndefined();
    expect(tokens.open(2, rotated.seal([{ kind: 2, id: 42, index: 3 }])[0])).toBeUndefined();
  });
});
