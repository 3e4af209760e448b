import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIBRARY_ROOT } from '../template-library';
import { parseFrontMatter, splitFrontMatter } from './front-matter';
import { writeFrontMatter } from './front-matter-writer';
import { letterSource, letterStructure } from './letter-structure';
import { parseTemplateSource } from './template-definition';

const letters = fs
  .readdirSync(path.join(LIBRARY_ROOT, 'letters'))
  .filter((name) => name.endsWith('.hbs'))
  .map((name) => ({ name, text: fs.readFileSync(path.join(LIBRARY_ROOT, 'letters', name), 'utf8') }));

describe('writeFrontMatter', () => {
  it('writes what parseFrontMatter reads back to the same values', () => {
    const text = fc.string({ maxLength: 20 });
    const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const leaf = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
    const map = fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 3 })), { maxKeys: 5 });
    fc.assert(
      fc.property(map, (values) => {
        expect({ ...parseFrontMatter(writeFrontMatter(values, ['un commentaire'])) }).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('letterStructure / letterSource', () => {
  it.each(letters)('round-trips the library letter $name', ({ name, text }) => {
    const structure = letterStructure(text);
    const written = letterSource(structure);
    expect(letterStructure(written)).toEqual(structure);
    const reference = `templates/letters/${name}`;
    const before = parseTemplateSource({ reference, text });
    const after = parseTemplateSource({ reference, text: written });
    expect(after.objective).toBe(before.objective);
    expect(Object.fromEntries(Object.entries(after.fields).map(([k, f]) => [k, f.text]))).toEqual(Object.fromEntries(Object.entries(before.fields).map(([k, f]) => [k, f.text])));
    expect(after.coupon?.options.map((o) => o.text)).toEqual(before.coupon?.options.map((o) => o.text));
    expect(after.coupon?.title?.text).toEqual(before.coupon?.title?.text);
    expect({ ...after.sample }).toEqual({ ...before.sample });
    expect(after.body.text.trim().split(/\n\s*\n/)).toEqual(before.body.text.trim().split(/\n\s*\n/));
  });

  it('keeps comments and the settings it does not edit, and drops empty parts', () => {
    const text = '---\n# Données : voucher_amount\ntitle: T\nobjective: sale\nsample:\n  attr:\n    x: "1"\n---\nA\n\n\nB\n';
    const structure = letterStructure(text);
    expect(structure.paragraphs).toEqual(['A', 'B']);
    const written = letterSource({ ...structure, accroche: 'Vous', paragraphs: ['A', '', 'B **gras**'], couponOptions: ['', 'Oui'] });
    expect(splitFrontMatter(written).frontMatter).toBe(
      '# Données : voucher_amount\ntitle: "T"\nobjective: "sale"\naccroche: "Vous"\ncoupon:\n  options:\n    - "Oui"\nsample:\n  attr:\n    x: "1"',
    );
    expect(splitFrontMatter(written).body).toBe('A\n\nB **gras**\n');
  });
});
