import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIBRARY_ROOT } from '../template-library';
import { emailParts, emailSource } from './email-structure';

const SOURCE = [
  '---',
  '# A comment kept in place',
  'title: Bienvenue',
  'objective: information',
  'subject: |',
  '  Bienvenue chez',
  '  {{sender.name}}',
  '',
  'sample:',
  '  campaign:',
  '    data:',
  '      offer: 10 %',
  '---',
  '<mjml>',
  '  <mj-body></mj-body>',
  '</mjml>',
  '',
].join('\n');

describe('emailParts and emailSource', () => {
  it('reads the subject, preheader and body with the body line', () => {
    const parts = emailParts(SOURCE);
    expect(parts).toMatchObject({ subject: 'Bienvenue chez\n{{sender.name}}', preheader: '', bodyLine: 14 });
    expect(parts.body.startsWith('<mjml>')).toBe(true);
  });

  it('rewrites only the subject and preheader lines, keeping every other line as written', () => {
    const source = emailSource(SOURCE, { subject: 'Votre cadeau, {{first_name}}', preheader: 'Jusqu’au 31', body: '<mjml/>\n' });
    expect(source.split('\n').slice(0, 12)).toEqual([
      '---',
      '# A comment kept in place',
      'title: Bienvenue',
      'objective: information',
      'subject: "Votre cadeau, {{first_name}}"',
      'preheader: "Jusqu’au 31"',
      '',
      'sample:',
      '  campaign:',
      '    data:',
      '      offer: 10 %',
      '---',
    ]);
    expect(emailParts(source)).toMatchObject({ subject: 'Votre cadeau, {{first_name}}', preheader: 'Jusqu’au 31', body: '<mjml/>\n' });
  });

  it('gives back the same file when nothing changed, for every library e-mail', () => {
    const folder = path.join(LIBRARY_ROOT, 'email');
    for (const file of fs.readdirSync(folder)) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      const parts = emailParts(text);
      const again = emailSource(text, parts);
      expect(emailParts(again)).toEqual({ ...parts, subject: parts.subject.replace(/\s+/g, ' ').trim(), preheader: parts.preheader.replace(/\s+/g, ' ').trim() });
      if (!/\n(subject|preheader):\s*[|>]/.test(text) && !/\n(subject|preheader): '/.test(text))
        expect(again.split('\n').filter((line, index) => line !== text.split('\n')[index]).every((line) => /^(subject|preheader): "/.test(line))).toBe(true);
    }
  });

  it('removes an emptied preheader and adds a subject to a file without front matter', () => {
    expect(emailSource('---\nsubject: A\npreheader: B\n---\nx', { subject: 'A', preheader: '', body: 'x' })).toBe('---\nsubject: "A"\n---\nx');
    expect(emailSource('<mjml/>', { subject: 'Objet', preheader: '', body: '<mjml/>' })).toBe('---\nsubject: "Objet"\n---\n<mjml/>');
  });
});
