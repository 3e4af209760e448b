import { parseTrustProxy } from './trust-proxy';

describe('RELANCE_TRUST_PROXY', () => {
  it('defaults to a proxy on the same machine', () => {
    expect(parseTrustProxy(undefined)).toEqual(['loopback']);
  });

  it('takes a hop count, or nobody', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('11')).toEqual({ problem: expect.stringContaining('at most 10') });
  });

  it('takes addresses, CIDR ranges and the named ranges, separated by commas', () => {
    expect(parseTrustProxy('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,fd00::/8,2001:db8::1 ')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '2001:db8::1',
    ]);
    expect(parseTrustProxy('uniquelocal,linklocal')).toEqual(['uniquelocal', 'linklocal']);
  });

  it('refuses what Express would misread, naming the entry', () => {
    for (const value of [
      '10.0.0.0/33',
      '::1/129',
      '10.0.0',
      'proxy.example.com',
      '10.0.0.1/8/2',
      '1.5',
      ',',
      'loopback,nope',
    ]) {
      const parsed = parseTrustProxy(value);
      expect(parsed).toEqual({ problem: expect.stringContaining('number of proxy hops') });
    }
    expect(parseTrustProxy('loopback,nope')).toEqual({ problem: expect.stringContaining('"nope"') });
  });

  it('refuses to trust everyone: any client could claim any address', () => {
    expect(parseTrustProxy('true')).toEqual({ problem: expect.stringContaining('cannot trust every peer') });
  });
});
