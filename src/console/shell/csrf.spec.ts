import type { Request } from 'express';
import { presentedTokenMatches, sameOrigin } from './csrf';

function request(
  headers: Record<string, string>,
  body: Record<string, unknown> = {},
  query: Record<string, unknown> = {},
): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method: 'POST',
    body,
    query,
    get: (name: string) => lower[name.toLowerCase()],
    is: (type: string) => (lower['content-type']?.startsWith(type) ? type : false),
  } as unknown as Request;
}

describe('CSRF checks', () => {
  it('trusts Sec-Fetch-Site when the browser sends it', () => {
    expect(sameOrigin(request({ host: 'relance.example', 'sec-fetch-site': 'same-origin', origin: 'null' }))).toBe(
      true,
    );
    expect(sameOrigin(request({ host: 'relance.example', 'sec-fetch-site': 'none' }))).toBe(true);
    expect(
      sameOrigin(
        request({ host: 'relance.example', 'sec-fetch-site': 'same-site', origin: 'https://shop.relance.example' }),
      ),
    ).toBe(false);
    expect(
      sameOrigin(
        request({ host: 'relance.example', 'sec-fetch-site': 'cross-site', origin: 'https://relance.example' }),
      ),
    ).toBe(false);
  });

  it('falls back to Origin, leaving Origin: null to the token', () => {
    expect(sameOrigin(request({ host: 'relance.example', origin: 'https://relance.example' }))).toBe(true);
    expect(sameOrigin(request({ host: 'relance.example', origin: 'https://evil.example' }))).toBe(false);
    expect(sameOrigin(request({ host: 'relance.example', origin: 'not a url' }))).toBe(false);
    expect(sameOrigin(request({ host: 'relance.example', origin: 'null' }))).toBe(true);
    expect(sameOrigin(request({ host: 'relance.example' }))).toBe(true);
  });

  it('compares the token from the form or the htmx header', () => {
    expect(presentedTokenMatches(request({}, { _csrf: 'abc' }), 'abc')).toBe(true);
    expect(presentedTokenMatches(request({ 'x-csrf-token': 'abc' }), 'abc')).toBe(true);
    expect(presentedTokenMatches(request({}, { _csrf: 'abd' }), 'abc')).toBe(false);
    expect(presentedTokenMatches(request({}, { _csrf: 'abcd' }), 'abc')).toBe(false);
    expect(presentedTokenMatches(request({}, {}), 'abc')).toBe(false);
    expect(presentedTokenMatches(request({}, { _csrf: ['abc'] }), 'abc')).toBe(false);
    expect(presentedTokenMatches(request({}, { _csrf: '' }), '')).toBe(false);
  });

  it('takes the token from the query only for a file upload (its body is read after the check)', () => {
    const upload = { 'content-type': 'multipart/form-data; boundary=x' };
    expect(presentedTokenMatches(request(upload, {}, { _csrf: 'abc' }), 'abc')).toBe(true);
    expect(presentedTokenMatches(request(upload, {}, { _csrf: 'abd' }), 'abc')).toBe(false);
    expect(presentedTokenMatches(request({}, {}, { _csrf: 'abc' }), 'abc')).toBe(false);
  });
});
