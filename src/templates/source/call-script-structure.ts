import { CROC_SECTIONS, splitScript, USUAL_BRANCHES } from '../phone/call-script';
import { parseFrontMatter, splitFrontMatter, type FrontMatterMap } from './front-matter';
import { writeFrontMatter } from './front-matter-writer';
import { frontMatterComments, otherSettings } from './sms-structure';

/**
 * A call script as the call-script editor shows it: the four CROC sections (Contact, Reason,
 * Objective, Conclusion — `[contact]`, `[reason]`, `[objective]`, `[conclusion]`), each with its
 * title and text, and the branches (`[branch:<key>] Situation` then what to answer). Sections that
 * are neither (an `[unknown]` one) are kept as they are. The file is written in the library's order:
 * contact, reason, objective, the branches, the other sections, conclusion.
 *
 * `callScriptSource(callScriptStructure(text))` reads back to the same sections (the spec checks it).
 */
export type CrocKey = (typeof CROC_SECTIONS)[number];

export interface ScriptPart {
  /** `contact`, `branch:absent`, `branch:autre`… */
  key: string;
  title: string;
  body: string;
}

export interface CallScriptStructure {
  title: string;
  objective: string;
  croc: Record<CrocKey, { title: string; body: string }>;
  branches: ScriptPart[];
  others: ScriptPart[];
  rest: FrontMatterMap;
  comments: string[];
}

/** The library's section titles, for a script that lacks one. */
export const CROC_TITLES: Record<CrocKey, string> = {
  contact: 'Prise de contact',
  reason: "Raison de l'appel",
  objective: 'Objectif',
  conclusion: 'Conclusion',
};

const EDITED = ['title', 'objective'];
export const BRANCH_KEY = /^branch:[a-z_]+$/;

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function trimBody(body: string): string {
  return body.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
}

/** Reads a call script's source; an unreadable front matter throws FrontMatterError, text before the first section a DomainError. */
export function callScriptStructure(source: string, reference = 'script'): CallScriptStructure {
  const split = splitFrontMatter(source);
  const values =
    split.frontMatter === null
      ? (Object.create(null) as FrontMatterMap)
      : parseFrontMatter(split.frontMatter, split.frontMatterLine);
  const croc = Object.fromEntries(CROC_SECTIONS.map((key) => [key, { title: '', body: '' }])) as CallScriptStructure['croc'];
  const seen = new Set<string>();
  const branches: ScriptPart[] = [];
  const others: ScriptPart[] = [];
  for (const section of splitScript(split.body.replace(/\r\n?/g, '\n'), split.bodyLine, reference)) {
    const part = { key: section.key, title: section.title, body: trimBody(section.body) };
    if ((CROC_SECTIONS as readonly string[]).includes(part.key) && !seen.has(part.key)) {
      croc[part.key as CrocKey] = { title: part.title, body: part.body };
      seen.add(part.key);
    } else if (BRANCH_KEY.test(part.key)) branches.push(part);
    else others.push(part);
  }
  return {
    title: textOf(values.title),
    objective: Array.isArray(values.objective) ? values.objective.join(', ') : textOf(values.objective),
    croc,
    branches,
    others,
    rest: otherSettings(values, EDITED),
    comments: frontMatterComments(split.frontMatter),
  };
}

/** A body line that would open a section (`[contact] …`): the editor refuses it, naming the field. */
export const HEADER_LIKE = /^\s*\[[a-z_]+(?::[a-z_]+)?\]/m;

function sectionText(part: ScriptPart): string {
  const body = trimBody(part.body);
  return `[${part.key}] ${part.title.replace(/\s+/g, ' ').trim()}`.trimEnd() + (body ? `\n${body}` : '');
}

/** The file: front matter, then the sections in the library's order (empty CROC sections are left out). */
export function callScriptSource(script: CallScriptStructure): string {
  const values = Object.create(null) as FrontMatterMap;
  if (script.title.trim()) values.title = script.title.trim();
  if (script.objective.trim()) values.objective = script.objective.trim();
  for (const [key, value] of Object.entries(script.rest)) if (!EDITED.includes(key)) values[key] = value;
  const croc = (key: CrocKey): ScriptPart[] => {
    const { title, body } = script.croc[key];
    return title.trim() || body.trim() ? [{ key, title: title.trim() || CROC_TITLES[key], body }] : [];
  };
  const parts = [
    ...croc('contact'),
    ...croc('reason'),
    ...croc('objective'),
    ...script.branches.filter((branch) => branch.title.trim() || branch.body.trim()),
    ...script.others,
    ...croc('conclusion'),
  ];
  return `---\n${writeFrontMatter(values, script.comments)}\n---\n${parts.map(sectionText).join('\n\n')}\n`;
}

/** A branch key for a new branch: a usual answer not yet in the script, else `branch:autre`, `branch:autre_2`… */
export function freeBranchKey(taken: string[]): string {
  const usual = USUAL_BRANCHES.map((key) => `branch:${key}`).find((key) => !taken.includes(key));
  if (usual) return usual;
  let index = 1;
  const key = () => (index === 1 ? 'branch:autre' : `branch:autre_${index}`);
  while (taken.includes(key())) index++;
  return key();
}
