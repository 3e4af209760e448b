import fc from 'fast-check';
import { FrontMatterError, parseFrontMatter, splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
  it('separates the front matter from the body and keeps line numbers', () => {
    const split = splitFrontMatter('---\nsubject: Bonjour\n---\nCorps\nsuite\n');
    expect(split).toEqual({ frontMatter: 'subject: Bonjour', frontMatterLine: 2, body: 'Corps\nsuite\n', bodyLine: 4 });
  });

  it('accepts CRLF and a BOM, and a file without front matter', () => {
    expect(splitFrontMatter('\uFEFF---\r\na: b\r\n---\r\nx').frontMatter).toBe('a: b');
    expect(splitFrontMatter('Juste un corps')).toMatchObject({ frontMatter: null, body: 'Juste un corps', bodyLine: 1 });
  });

  it('refuses a front matter that is never closed', () => {
    expect(() => splitFrontMatter('---\na: b\n')).toThrow(FrontMatterError);
  });
});

describe('parseFrontMatter', () => {
  it('reads texts without guessing types, Handlebars and # included', () => {
    const values = parseFrontMatter([
      'objective: sale',
      'subject: {{first_name}}, votre offre #1 : non',
      'ps: "Entre « guillemets » et \\"citations\\""',
      "accroche: 'L''été arrive'",
      '# a comment line',
      'empty:',
    ].join('\n'));
    expect({ ...values }).toEqual({
      objective: 'sale',
      subject: '{{first_name}}, votre offre #1 : non',
      ps: 'Entre « guillemets » et "citations"',
      accroche: "L'été arrive",
      empty: '',
    });
  });

  it('reads lists, nested maps and literal or folded blocks', () => {
    const values = parseFrontMatter([
      'coupon:',
      '  title: Oui, je souhaite',
      '  options:',
      '    - Recevoir un devis',
      '    - "Être rappelé"',
      'ps: |',
      '  {{#if attr.points}}Vos points',
      '  {{/if}}',
      'intro: >',
      '  Une phrase',
      '  sur deux lignes.',
      '',
      '  Un second paragraphe.',
    ].join('\n'));
    expect(JSON.parse(JSON.stringify(values))).toEqual({
      coupon: { title: 'Oui, je souhaite', options: ['Recevoir un devis', 'Être rappelé'] },
      ps: '{{#if attr.points}}Vos points\n{{/if}}',
      intro: 'Une phrase sur deux lignes.\nUn second paragraphe.',
    });
  });

  it('reports the line of a mistake', () => {
    const attempt = (text: string) => {
      try {
        parseFrontMatter(text, 2);
        return undefined;
      } catch (error) {
        return { line: (error as FrontMatterError).line, message: (error as Error).message };
      }
    };
    expect(attempt('a: 1\nnot a key')).toEqual({ line: 3, message: expect.stringContaining('expected "key: value"') });
    expect(attempt('a: 1\na: 2')).toEqual({ line: 3, message: '"a" is given twice' });
    expect(attempt('a: "open')).toEqual({ line: 2, message: expect.stringContaining('badly quoted') });
    expect(attempt('a:\n  - x\n  y: z')).toEqual({ line: 4, message: expect.stringContaining('expected a "- item"') });
    expect(attempt('a: 1\n  b: 2')).toEqual({ line: 3, message: expect.stringContaining('unexpected indentation') });
    expect(attempt('a:\n\tb: 1')).toEqual({ line: 3, message: expect.stringContaining('tabs') });
  });

  it('gives back any single-line text written with double quotes', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !/[\n\r]/.test(text)), (text) => {
        expect(parseFrontMatter(`value: ${JSON.stringify(text)}`).value).toBe(text);
      }),
    );
  });

  it('does not let a key reach the object prototype', () => {
    const values = parseFrontMatter('__proto__: x\nconstructor: y');
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(values.constructor).toBe('y');
  });
});
