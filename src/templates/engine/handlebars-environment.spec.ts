import fc from 'fast-check';
import { decodeQuotedPrintable } from '../email/quoted-printable';
import { compileTemplate, compileTemplateWithFullSetup, escapeMarkup } from './handlebars-environment';
import { withRawRoot } from './recipient-data';

describe('Handlebars environments', () => {
  const campaign = { data: { block: '<b>offre</b>' } };
  // The campaign's data is the operator's: raw output may print it (recipient-data.ts builds this).
  const data = withRawRoot({ first_name: 'Zoé', civility: 'Mme', attr: { points: 1250 }, campaign, today: '2026-11-01', currency: 'EUR' }, { campaign });

  it('escapes merged data in HTML and leaves trusted template-side content alone', () => {
    const html = compileTemplate('<p>{{first_name}} {{{campaign.data.block}}}</p>', 'html');
    expect(html({ ...data, first_name: '<script>alert(1)</script>' })).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; <b>offre</b></p>');
  });

  it('never evaluates data: a value that looks like a template stays text', () => {
    const html = compileTemplate('Bonjour {{first_name}}', 'html');
    expect(html({ first_name: '{{constructor.constructor}}' })).toBe('Bonjour {{constructor.constructor}}');
  });

  it('denies prototype access', () => {
    const html = compileTemplate('[{{attr.constructor}}][{{constructor}}][{{attr.__proto__}}]', 'html');
    expect(html({ attr: {} })).toBe('[][][]');
  });

  it('fails on a missing variable (strict mode) instead of printing a blank', () => {
    expect(() => compileTemplate('{{first_name}} {{attr.points}}', 'html')({ first_name: 'A', attr: {} })).toThrow(/"points" not defined/);
  });

  it('offers the fixed helpers only', () => {
    expect(() => compileTemplate('{{json first_name}}', 'html')).toThrow(/unknown helper json/);
    expect(() => compileTemplate('{{log first_name}}', 'html')({ first_name: 'x' })).toThrow();
    expect(() => compileTemplate('{{lookup attr "points"}}', 'html')({ attr: { points: 1 } })).toThrow();
    expect(compileTemplate('{{salutation}} {{upper first_name}} {{default last_name "client"}}', 'text')(data)).toBe('Madame ZOÉ client');
  });

  it('prints values as they are in text mode and escapes markup in letters', () => {
    expect(compileTemplate('{{first_name}}', 'text')({ first_name: 'A & <B>' })).toBe('A & <B>');
    expect(compileTemplate('**{{name}}**', 'markup')({ name: '__x__ *y* Jean-Luc' })).toBe('**\\_\\_x\\_\\_ \\*y\\* Jean\\-Luc**');
    expect(escapeMarkup('a\nb')).toBe('a b');
  });

  it('produces, in quoted-printable mode, exactly the HTML the plain mode produces', () => {
    const source = '<p>Bonjour {{default first_name "cher client"}}, {{salutation}} — l\'été {{#if attr.points}}<b>{{plural attr.points "point" "points"}}</b>{{else}}rien{{/if}}</p>\n' + 'é'.repeat(90) + '\n{{#each items}}<li>{{this}}</li>{{/each}}{{{campaign.data.block}}}';
    const html = compileTemplate(source, 'html');
    const quotedPrintable = compileTemplate(source, 'html-qp');
    const text = compileTemplate(source, 'text');
    const textQuotedPrintable = compileTemplate(source, 'text-qp');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }), fc.option(fc.integer({ min: 0, max: 5000 })), (name, items, points) => {
        const values = { ...data, first_name: name, items, attr: points === null ? {} : { points } };
        const encoded = quotedPrintable(values);
        expect(decodeQuotedPrintable(encoded)).toBe(html(values).replace(/\r\n/g, '\n'));
        expect(decodeQuotedPrintable(textQuotedPrintable(values))).toBe(text(values).replace(/\r\n/g, '\n'));
        for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
        expect(encoded).toMatch(/^[\x20-\x7E\r\n]*$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the prepared runtime', () => {
  it('renders exactly what a plain Handlebars call renders', () => {
    const source = '{{salutation}} {{first_name}} {{#each items}}[{{@index}} {{this}} {{@root.first_name}}]{{/each}} {{#attr}}{{points}}{{/attr}} {{#with attr}}{{points}}{{/with}} {{money attr.points}} {{attr.constructor}}';
    const data = { civility: 'M.', first_name: 'Gaël <b>', items: ['a', 'b'], attr: { points: 12 }, currency: 'MAD' };
    for (const mode of ['html', 'text', 'markup', 'html-qp'] as const) {
      expect(compileTemplate(source, mode)(data, { extra: 1 })).toBe(compileTemplateWithFullSetup(source, mode)(data, { extra: 1 }));
    }
    expect(() => compileTemplate('{{missing}}', 'html')({})).toThrow(/"missing" not defined/);
  });
});
