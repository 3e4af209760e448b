import fc from 'fast-check';
import {
  ALPHABET,
  formatResponseCode,
  generateResponseCode,
  isValidResponseCode,
  normaliseResponseCodeInput,
} from './response-code';

const codeArb = fc
  .uint8Array({ minLength: 10, maxLength: 10 })
  .map((bytes) => generateResponseCode(Buffer.from(bytes)));

describe('response codes', () => {
  it('are 11 characters of Crockford base 32 with a valid check character', () => {
    fc.assert(
      fc.property(
        codeArb,
        (code) => code.length === 11 && [...code].every((c) => ALPHABET.includes(c)) && isValidResponseCode(code),
      ),
    );
  });

  it('catch every single mistyped character', () => {
    fc.assert(
      fc.property(codeArb, fc.nat(10), fc.nat(31), (code, position, replacement) => {
        const typo = code.slice(0, position) + ALPHABET[replacement] + code.slice(position + 1);
        return typo === code || !isValidResponseCode(typo);
      }),
      { numRuns: 5000 },
    );
  });

  it('catch most swaps of two neighbouring characters', () => {
    let caught = 0;
    let swaps = 0;
    fc.assert(
      fc.property(codeArb, fc.nat(9), (code, position) => {
        const swapped = code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2);
        if (swapped !== code) {
          swaps++;
          if (!isValidResponseCode(swapped)) caught++;
        }
        return true;
      }),
      { numRuns: 5000 },
    );
    expect(caught / swaps).toBeGreaterThan(0.9);
  });

  it('read back what people type', () => {
    const code = generateResponseCode();
    const printed = formatResponseCode(code);
    expect(printed).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    expect(normaliseResponseCodeInput(` ${printed.toLowerCase()} `)).toBe(code);
    expect(normaliseResponseCodeInput('o0 il-1')).toBe('00111');
  });
});
