import fc from 'fast-check';
import { measureSms, normaliseSmsText } from './sms-segments';

describe('SMS length', () => {
  it('counts GSM-7 messages at 160, then 153 per segment', () => {
    expect(measureSms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(161))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
    expect(measureSms('')).toMatchObject({ segments: 0 });
  });

  it('counts extension characters (€, [, ~…) as two septets and never splits them', () => {
    expect(measureSms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', characters: 80, units: 160, segments: 1 });
    expect(measureSms(`${'a'.repeat(152)}€`)).toMatchObject({ units: 154, segments: 1 });
    // 152 septets + € (2) cannot share the first part: 153 would split the escape pair.
    expect(measureSms(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
  });

  it('switches to UCS-2 for any other character: 70, then 67 per segment', () => {
    expect(measureSms(`Fête${'a'.repeat(66)}`)).toMatchObject({ encoding: 'UCS-2', characters: 70, segments: 1, nonGsmCharacters: ['ê'] });
    expect(measureSms(`ê${'a'.repeat(70)}`)).toMatchObject({ segments: 2 });
    expect(measureSms('🎂'.repeat(35))).toMatchObject({ characters: 35, units: 70, segments: 1 });
    expect(measureSms(`${'a'.repeat(66)}🎂`)).toMatchObject({ units: 68, segments: 1 });
    // A surrogate pair is never split: 66 + 🎂 cannot fill the 67 units of the first part.
    expect(measureSms(`${'a'.repeat(66)}🎂${'a'.repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
  });

  it('keeps French letters of the GSM alphabet in GSM-7', () => {
    expect(measureSms('é è ù à ì ò Ç É ä ö ü ñ').encoding).toBe('GSM-7');
    expect(measureSms('ç').encoding).toBe('UCS-2');
  });

  it('replaces typographic spaces and apostrophes that would force UCS-2', () => {
    expect(normaliseSmsText('l’offre de 1\u202f234\u00a0€ … ')).toBe("l'offre de 1 234 € ...");
  });

  it('never gives fewer segments than the units need', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const length = measureSms(text);
        const single = length.encoding === 'GSM-7' ? 160 : 70;
        const part = length.encoding === 'GSM-7' ? 153 : 67;
        if (length.units === 0) expect(length.segments).toBe(0);
        else if (length.units <= single) expect(length.segments).toBe(1);
        else expect(length.segments).toBeGreaterThanOrEqual(Math.ceil(length.units / part));
      }),
    );
  });
});
