import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitScript } from '../phone/call-script';
import { LIBRARY_ROOT } from '../template-library';
import { callScriptSource, callScriptStructure, freeBranchKey } from './call-script-structure';
import { splitFrontMatter } from './front-matter';
import { smsSource, smsStructure } from './sms-structure';

function libraryFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(LIBRARY_ROOT, folder))
    .filter((name) => name.endsWith('.hbs'))
    .map((name) => path.join(LIBRARY_ROOT, folder, name));
}

/** Sections as the engine reads them (key, title, trimmed body): what the round trip must keep. */
function engineSections(source: string) {
  const split = splitFrontMatter(source);
  return splitScript(split.body, split.bodyLine, 'x').map((section) => ({
    key: section.key,
    title: section.title,
    body: section.body.replace(/^\n+|\s+$/g, ''),
  }));
}

describe('call scripts as the editor reads and writes them', () => {
  it.each(libraryFiles('phone'))('reads and writes %s back to the same sections and settings', (file) => {
    const source = fs.readFileSync(file, 'utf8');
    const structure = callScriptStructure(source);
    expect(structure.croc.contact.body).not.toBe('');
    expect(structure.branches.length).toBeGreaterThan(0);
    const written = callScriptSource(structure);
    expect(engineSections(written)).toEqual(engineSections(source));
    const again = callScriptStructure(written);
    expect(again).toEqual(structure);
    expect(callScriptSource(again)).toBe(written);
  });

  it('splits the CROC sections from the branches, and keeps other sections', () => {
    const source =
      '---\ntitle: Essai\nobjective: loyalty\n# note\nsample:\n  campaign:\n    data:\n      x: "1"\n---\n' +
      '[contact] Bonjour\nJe suis **Salma**.\n\n[branch:objection] Trop cher\nRappeler la remise.\n\n[aside] Remarque\nGarder.\n\n[conclusion] Fin\nMerci.\n\n[reason] Raison\nVotre carte.\n';
    const structure = callScriptStructure(source);
    expect(structure.title).toBe('Essai');
    expect(structure.comments).toEqual(['note']);
    expect(structure.croc.contact).toEqual({ title: 'Bonjour', body: 'Je suis **Salma**.' });
    expect(structure.croc.objective).toEqual({ title: '', body: '' });
    expect(structure.branches).toEqual([{ key: 'branch:objection', title: 'Trop cher', body: 'Rappeler la remise.' }]);
    expect(structure.others).toEqual([{ key: 'aside', title: 'Remarque', body: 'Garder.' }]);
    // The library's order: contact, reason, (objective left out, empty), branches, others, conclusion.
    expect(callScriptSource(structure)).toBe(
      '---\n# note\ntitle: "Essai"\nobjective: "loyalty"\nsample:\n  campaign:\n    data:\n      x: "1"\n---\n' +
        '[contact] Bonjour\nJe suis **Salma**.\n\n[reason] Raison\nVotre carte.\n\n[branch:objection] Trop cher\nRappeler la remise.\n\n[aside] Remarque\nGarder.\n\n[conclusion] Fin\nMerci.\n',
    );
  });

  it('names a new branch after the first usual answer the script lacks, then autre, autre_2…', () => {
    expect(freeBranchKey([])).toBe('branch:reached');
    expect(freeBranchKey(['branch:reached', 'branch:absent'])).toBe('branch:what_about');
    const usual = ['reached', 'absent', 'what_about', 'objection', 'appointment', 'documentation'].map((k) => `branch:${k}`);
    expect(freeBranchKey(usual)).toBe('branch:autre');
    expect(freeBranchKey([...usual, 'branch:autre'])).toBe('branch:autre_2');
  });
});

describe('SMS as the editor reads and writes them', () => {
  it.each(libraryFiles('sms'))('reads and writes %s back to the same values', (file) => {
    const source = fs.readFileSync(file, 'utf8');
    const structure = smsStructure(source);
    expect(structure.text).toBe(splitFrontMatter(source).body.trim());
    const written = smsSource(structure);
    expect(smsStructure(written)).toEqual(structure);
  });

  it('keeps the default mention (no opt_out) apart from an own one, even an empty one', () => {
    const base = smsStructure('---\nobjective: sale\n---\nBonjour\n');
    expect(base.optOut).toBeNull();
    expect(smsSource(base)).toBe('---\nobjective: "sale"\n---\nBonjour\n');
    expect(smsSource({ ...base, optOut: '' })).toBe('---\nobjective: "sale"\nopt_out: ""\n---\nBonjour\n');
    expect(smsStructure(smsSource({ ...base, optOut: '' })).optOut).toBe('');
  });
});
