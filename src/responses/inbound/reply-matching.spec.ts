import { formatResponseCode, generateResponseCode } from '../../core/security/response-code';
import { isAutomaticReply, referencedMessageIds, responseCodesIn } from './reply-matching';

describe('reply matching', () => {
  it('orders referenced Message-IDs from the most specific', () => {
    expect(
      referencedMessageIds({
        in_reply_to: '<d42.abcd1234@maison-atlas.fr>',
        references: '<first@x.example> <d42.abcd1234@maison-atlas.fr> <latest@y.example>',
        headers: { 'In-Reply-To': '<other@z.example>' },
      }),
    ).toEqual(['<d42.abcd1234@maison-atlas.fr>', '<other@z.example>', '<latest@y.example>', '<first@x.example>']);
    expect(referencedMessageIds({})).toEqual([]);
  });

  it('finds response codes as printed, as typed and inside a quoted link, and ignores look-alikes', () => {
    const code = generateResponseCode();
    const other = generateResponseCode();
    const wrong = code.slice(0, 10) + (code[10] === '0' ? '1' : '0');
    expect(responseCodesIn(`Mon code : ${formatResponseCode(code).toLowerCase()}`)).toEqual([code]);
    expect(responseCodesIn(`> https://relance.example/r?c=${other}\n> ${code}`)).toEqual([other, code]);
    expect(responseCodesIn(`code ${wrong}`)).toEqual([]);
    expect(responseCodesIn(undefined)).toEqual([]);
  });

  it('recognises automatic replies', () => {
    expect(isAutomaticReply('Réponse automatique : absent', {})).toBe(true);
    expect(isAutomaticReply('Re: nos nouveautés', { 'Auto-Submitted': 'auto-replied' })).toBe(true);
    expect(isAutomaticReply('Re: nos nouveautés', { precedence: 'bulk' })).toBe(true);
    expect(isAutomaticReply('Re: nos nouveautés', { 'Auto-Submitted': 'no' })).toBe(false);
    expect(isAutomaticReply('Absolument, je viens samedi', undefined)).toBe(false);
  });
});
