import { DomainError } from '../../core/errors/domain-error';
import type { Paragraph } from '../../templates/letters/light-markup';
import type { LintReport } from '../../templates/lint/lint-rules';
import { CROC_SECTIONS, USUAL_BRANCHES } from '../../templates/phone/call-script';
import {
  BRANCH_KEY,
  callScriptSource,
  callScriptStructure,
  CROC_TITLES,
  freeBranchKey,
  HEADER_LIKE,
  type CallScriptStructure,
  type ScriptPart,
} from '../../templates/source/call-script-structure';
import { allFindings, launchView, objectiveOptions } from './channel-editor-shared';
import { formList, formText, MAX_SOURCE } from './template-form';

/** The usual answers a branch is written for, in French (CROC scripts: decision-maker reached, absent…). */
export const BRANCH_LABELS: Record<string, string> = {
  reached: 'Le décideur est en ligne',
  absent: 'Le décideur est absent',
  what_about: '« C’est à quel sujet ? »',
  objection: 'Objection',
  appointment: 'Rendez-vous accepté',
  documentation: 'Demande de documentation',
};

export const CROC_LABELS: Record<string, string> = {
  contact: 'C — Contact',
  reason: 'R — Raison de l’appel',
  objective: 'O — Objectif',
  conclusion: 'C — Conclusion',
};

/** A new branch's type: a usual answer not yet in the script, or another one. */
export const NEW_BRANCH = 'autre';

function invalid(field: string, reason: string): DomainError {
  return DomainError.invalid('console.invalid_form', `${field}: ${reason}`, { fields: [{ field, reason }] });
}

function checkedBody(field: string, text: string): string {
  if (HEADER_LIKE.test(text))
    throw invalid(field, 'une ligne ne peut pas commencer par « [mot] » : elle ouvrirait une nouvelle section');
  return text;
}

function branchesFromForm(body: Record<string, unknown>): ScriptPart[] {
  const keys = formList(body, 'branche_cle');
  const titles = formList(body, 'branche_titre');
  const texts = formList(body, 'branche_texte');
  if (titles.length !== keys.length || texts.length !== keys.length)
    throw invalid('branche_cle', 'chaque branche a un type, une situation et une réponse');
  const branches: ScriptPart[] = [];
  keys.forEach((key, index) => {
    const title = titles[index].replace(/\s+/g, ' ').trim();
    const text = checkedBody('branche_texte', texts[index]);
    if (!title && !text.trim()) return;
    if (key !== NEW_BRANCH && !BRANCH_KEY.test(key)) throw invalid('branche_cle', `type de branche inconnu « ${key} »`);
    const taken = branches.map((branch) => branch.key);
    branches.push({ key: key === NEW_BRANCH ? freeBranchKey(taken) : key, title, body: text });
  });
  return branches;
}

/** The script the editor posted, over the source it started from (`base`: sample values and comments). */
export function callFromForm(body: Record<string, unknown>): { structure: CallScriptStructure; source: string } {
  const base = formText(body, 'base', MAX_SOURCE);
  let start: CallScriptStructure;
  try {
    start = callScriptStructure(base || '---\n---\n');
  } catch (error) {
    throw invalid('base', error instanceof Error ? error.message : 'illisible');
  }
  const croc = { ...start.croc };
  for (const key of CROC_SECTIONS)
    croc[key] = {
      title: formText(body, `${key}_titre`, 500).replace(/\s+/g, ' ').trim(),
      body: checkedBody(`${key}_texte`, formText(body, `${key}_texte`)),
    };
  const structure: CallScriptStructure = {
    ...start,
    title: formText(body, 'titre'),
    objective: formText(body, 'objectif'),
    croc,
    branches: branchesFromForm(body),
  };
  const source = callScriptSource(structure);
  if (source.length > MAX_SOURCE) throw invalid('branche_texte', `le script dépasse ${MAX_SOURCE} caractères`);
  return { structure, source };
}

function branchOptions(key: string) {
  const usual = USUAL_BRANCHES.map((name) => ({
    value: `branch:${name}`,
    label: BRANCH_LABELS[name],
    selected: `branch:${name}` === key,
  }));
  const own = key && !usual.some((option) => option.selected) ? [{ value: key, label: key.slice(7), selected: true }] : [];
  return [...usual, ...own, { value: NEW_BRANCH, label: 'Autre réponse', selected: !key }];
}

/** The editor's form: the four CROC sections, each branch (and one empty to add). */
export function callFormView(structure: CallScriptStructure) {
  return {
    ...objectiveOptions(structure.objective),
    title: structure.title,
    croc: CROC_SECTIONS.map((key) => ({
      key,
      label: CROC_LABELS[key],
      title: structure.croc[key].title || CROC_TITLES[key],
      text: structure.croc[key].body,
    })),
    branches: [...structure.branches, { key: '', title: '', body: '' }].map((branch, index) => ({
      number: index + 1,
      added: index === structure.branches.length,
      title: branch.title,
      text: branch.body,
      options: branchOptions(branch.key),
    })),
    others: structure.others.map((part) => part.key),
  };
}

/** A rendered section as the caller reads it: lines with their bold and underlined runs. */
interface RenderedSection {
  key: string;
  title: string;
  paragraphs: Paragraph[];
}

function sectionView(section: RenderedSection) {
  return {
    key: section.key,
    title: section.title || section.key,
    lines: section.paragraphs.map((paragraph) => ({
      bullet: paragraph.kind === 'bullet',
      runs: paragraph.runs.map((run) => ({ ...run, text: run.text.replace(/\u2028/g, '\n') })),
    })),
  };
}

/** The check panel: the script as the caller sees it (CROC steps, then the branches), the findings, launch. */
export function callCheckView(input: {
  id: string;
  report: LintReport;
  sections: RenderedSection[] | null;
  problem: string | null;
  contact: string;
}) {
  const sections = input.sections ?? [];
  const croc = sections.filter((section) => !section.key.startsWith('branch:'));
  const branches = sections.filter((section) => section.key.startsWith('branch:'));
  return {
    id: input.id,
    ...launchView(input.report),
    findings: allFindings(input.report),
    preview: input.sections
      ? {
          steps: croc.filter((section) => section.key !== 'conclusion').map(sectionView),
          branches: branches.map(sectionView),
          conclusion: croc.filter((section) => section.key === 'conclusion').map(sectionView),
        }
      : null,
    problem: input.problem,
    contact: input.contact,
  };
}
