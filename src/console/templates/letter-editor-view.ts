import { parseMarkup } from '../../templates/letters/light-markup';
import type { LintIssue, LintReport } from '../../templates/lint/lint-rules';
import type { LetterStructure } from '../../templates/source/letter-structure';
import { OBJECTIVES } from '../../templates/source/template-definition';
import { OBJECTIVE_LABELS, labelOf } from '../campaigns/campaign-labels';

/** The linter's rules in French, as a marketer learns them while writing (the detail stays as the linter wrote it). */
export const RULE_LABELS: Record<string, string> = {
  syntax: 'Modèle illisible',
  objective: 'Objectif manquant ou inconnu',
  'one-objective': 'Un seul objectif par envoi',
  'unknown-setting': 'Réglage inconnu',
  'unknown-variable': 'Champ de fusion inconnu',
  'unsafe-variable': 'Champ de fusion interdit',
  'unknown-helper': 'Fonction inconnue',
  partial: 'Inclusion non disponible',
  'raw-output': 'Sortie brute refusée',
  'raw-trigger-data': 'Sortie brute d’une donnée de déclencheur',
  'sample-render': 'Exemple incomplet',
  'accroche-missing': 'Pas d’accroche : la phrase lue juste après le nom, avec une promesse',
  'paragraph-too-long': 'Paragraphe trop long : 5 lignes imprimées au plus, une idée par paragraphe',
  'ps-missing': 'Pas de P.S. : c’est la partie la plus lue après l’accroche',
  'coupon-missing': 'Pas de coupon-réponse : une lettre de vente sans coupon, c’est un magasin sans caisse',
  layout: 'Mise en page forcée',
  'sentence-too-long': 'Phrase trop longue : 25 mots au plus, une idée par phrase',
  'vous-missing': 'Le lecteur n’est jamais appelé « vous »',
  'subject-too-long': 'Objet trop long',
  'subject-shouting': 'Objet en capitales ou avec « !! »',
};

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  label: string;
  detail: string;
}

export interface PlacedFindings {
  subject: Finding[];
  accroche: Finding[];
  /** One list per paragraph of the form, in order. */
  paragraphs: Finding[][];
  ps: Finding[];
  coupon: Finding[];
  /** What concerns the whole letter (or a paragraph the form cannot point at). */
  general: Finding[];
}

function finding(issue: LintIssue, severity: Finding['severity']): Finding {
  return { rule: issue.rule, severity, label: labelOf(RULE_LABELS, issue.rule), detail: issue.message };
}

/**
 * The form's paragraph each printed paragraph comes from: a form paragraph with bulleted lines
 * prints as several (one per bullet). Read from the source, as written; Handlebars blocks that add
 * or remove whole paragraphs can shift this, and then a finding beyond the last goes to `general`.
 */
export function printedToForm(paragraphs: string[]): number[] {
  return paragraphs.flatMap((paragraph, index) => parseMarkup(paragraph).map(() => index));
}

/** Each finding next to the part of the letter it concerns. */
export function placeFindings(report: LintReport, paragraphs: string[]): PlacedFindings {
  const placed: PlacedFindings = {
    subject: [],
    accroche: [],
    paragraphs: paragraphs.map(() => []),
    ps: [],
    coupon: [],
    general: [],
  };
  const owner = printedToForm(paragraphs);
  const issues = [
    ...report.errors.map((issue) => ({ issue, severity: 'error' as const })),
    ...report.warnings.map((issue) => ({ issue, severity: 'warning' as const })),
  ];
  for (const { issue, severity } of issues) {
    const item = finding(issue, severity);
    const formIndex = issue.at?.part === 'body' && issue.at.paragraph ? owner[issue.at.paragraph - 1] : undefined;
    if (formIndex !== undefined) placed.paragraphs[formIndex].push(item);
    else if (issue.at?.part === 'accroche' || issue.rule === 'accroche-missing') placed.accroche.push(item);
    else if (issue.at?.part === 'ps' || issue.rule === 'ps-missing') placed.ps.push(item);
    else if (issue.rule === 'coupon-missing') placed.coupon.push(item);
    else if (issue.rule.startsWith('subject-')) placed.subject.push(item);
    else placed.general.push(item);
  }
  return placed;
}

export interface MergeField {
  path: string;
  expression: string;
  sample: string;
}

/** Values a merge field may show, depth-first; objects give their leaves (`attr.points_fidelite`). */
function leaves(value: unknown, prefix: string, out: MergeField[], depth: number): void {
  if (value === null || value === undefined || value === '') return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    if (depth >= 3) return;
    for (const [key, child] of Object.entries(value)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) leaves(child, prefix ? `${prefix}.${key}` : key, out, depth + 1);
    }
    return;
  }
  if (Array.isArray(value)) return;
  out.push({
    path: prefix,
    expression: `{{${prefix}}}`,
    sample: typeof value === 'string' ? value : JSON.stringify(value),
  });
}

/** The merge fields the data offers, with their sample value: the recipient data a preview renders with. */
export function mergeFields(data: Record<string, unknown>): Array<{ group: string; fields: MergeField[] }> {
  const all: MergeField[] = [];
  leaves(data, '', all, 0);
  const groups: Array<{ group: string; test: (path: string) => boolean }> = [
    { group: 'Client', test: (path) => !path.includes('.') },
    { group: 'Attributs du client', test: (path) => path.startsWith('attr.') },
    { group: 'Achats (24 mois)', test: (path) => path.startsWith('purchases.') },
    { group: 'Campagne', test: (path) => path.startsWith('campaign.') },
    { group: 'Expéditeur', test: (path) => path.startsWith('sender.') },
  ];
  const used = new Set<string>();
  const result = groups.map(({ group, test }) => {
    const fields = all.filter((field) => !used.has(field.path) && test(field.path));
    fields.forEach((field) => used.add(field.path));
    return { group, fields };
  });
  const others = all.filter((field) => !used.has(field.path));
  return [...result, { group: 'Autres', fields: others }].filter((group) => group.fields.length);
}

/** The editor's form: the letter's parts, each paragraph with its findings, and one empty paragraph and option to add. */
export function letterEditorView(structure: LetterStructure, findings: PlacedFindings) {
  return {
    title: structure.title,
    objectives: OBJECTIVES.map((value) => ({
      value,
      label: labelOf(OBJECTIVE_LABELS, value),
      selected: value === structure.objective,
    })),
    objectiveUnknown: structure.objective !== '' && !(OBJECTIVES as readonly string[]).includes(structure.objective),
    objective: structure.objective,
    subject: structure.subject,
    accroche: structure.accroche,
    paragraphs: [...structure.paragraphs, ''].map((text, index) => ({
      number: index + 1,
      text,
      added: index === structure.paragraphs.length,
      findings: findings.paragraphs[index] ?? [],
    })),
    ps: structure.ps,
    couponTitle: structure.couponTitle,
    couponOptions: [...structure.couponOptions, ''].map((text, index) => ({ number: index + 1, text })),
    signature: structure.signature,
    findings,
  };
}
