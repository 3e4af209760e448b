import type { LintIssue, LintReport } from '../../templates/lint/lint-rules';
import { labelOf } from '../campaigns/campaign-labels';
import { RULE_LABELS, type MergeField } from './letter-editor-view';

/** The e-mail rules in French, beside the letter editor's (the detail stays as the linter wrote it). */
export const EMAIL_RULE_LABELS: Record<string, string> = {
  ...RULE_LABELS,
  'subject-missing': 'Pas d’objet',
  'unsubscribe-missing': 'Pas de lien de désinscription ({{unsubscribe_url}}) dans un e-mail commercial',
  'preheader-missing': 'Pas de pré-en-tête : la boîte de réception montre le premier texte venu',
  'one-call-to-action': 'Des boutons vers des pages différentes : un e-mail, une action',
  mjml: 'MJML non valide',
  'mjml-dropped': 'Champ de fusion ignoré par MJML (mettez-le dans mj-text ou mj-raw)',
  'paragraph-too-long': 'Paragraphe trop long : une soixantaine de mots au plus',
};

/** Rules about the MJML itself: shown apart, with their line in the editor, and the preview answers 422. */
const SOURCE_RULES = new Set(['syntax', 'mjml', 'mjml-dropped']);

export interface EmailFinding {
  rule: string;
  severity: 'error' | 'warning';
  label: string;
  detail: string;
  /** 1-based line in the MJML editor; null when the finding concerns the subject, preheader or the whole e-mail. */
  line: number | null;
}

/** The linter's findings with their line in the editor (the file's line minus the front matter); source problems first. */
export function emailFindings(report: LintReport, bodyLine: number): { source: EmailFinding[]; copy: EmailFinding[] } {
  const item = (issue: LintIssue, severity: EmailFinding['severity']): EmailFinding => ({
    rule: issue.rule,
    severity,
    label: labelOf(EMAIL_RULE_LABELS, issue.rule),
    detail: issue.message,
    line: issue.line !== undefined && issue.line >= bodyLine ? issue.line - bodyLine + 1 : null,
  });
  const all = [
    ...report.errors.map((issue) => item(issue, 'error')),
    ...report.warnings.map((issue) => item(issue, 'warning')),
  ];
  return {
    source: all.filter((finding) => SOURCE_RULES.has(finding.rule)),
    copy: all.filter((finding) => !SOURCE_RULES.has(finding.rule)),
  };
}

export type PreviewWidth = 'bureau' | 'mobile';

/** How much of each part a mail client shows on one line (desktop list, phone list). */
const INBOX_LIMITS: Record<PreviewWidth, { sender: number; subject: number; preheader: number }> = {
  bureau: { sender: 24, subject: 70, preheader: 90 },
  mobile: { sender: 22, subject: 34, preheader: 80 },
};

function cut(text: string, limit: number): { text: string; cut: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  const characters = [...clean];
  if (characters.length <= limit) return { text: clean, cut: false };
  return { text: `${characters.slice(0, limit - 1).join('').trimEnd()}…`, cut: true };
}

/** The message as an inbox lists it: sender, subject, then the preheader in grey, each cut where a client cuts it. */
export function inboxLine(sender: string, subject: string, preheader: string, width: PreviewWidth) {
  const limits = INBOX_LIMITS[width];
  const shownSubject = cut(subject, limits.subject);
  return {
    sender: cut(sender, limits.sender).text,
    subject: shownSubject.text || '(sans objet)',
    subjectCut: shownSubject.cut,
    subjectLength: [...subject.replace(/\s+/g, ' ').trim()].length,
    preheader: cut(preheader, limits.preheader).text,
    width,
  };
}

export interface CompletionField {
  /** What the completion inserts between `{{` and `}}`. */
  label: string;
  /** The sample value (or what the field is), shown beside it. */
  detail: string;
  group: string;
}

/**
 * The merge fields the editor completes after `{{`: the recipient data's fields with their sample
 * value, the custom attributes found in the contacts (a sample value, or their type), and the
 * helpers every template may call.
 */
export function completionFields(
  groups: Array<{ group: string; fields: MergeField[] }>,
  attributes: Array<{ name: string; type: string; values?: string[] }>,
): CompletionField[] {
  const fields = groups.flatMap(({ group, fields: items }) =>
    items.map((field) => ({ label: field.path, detail: field.sample, group })),
  );
  const known = new Set(fields.map((field) => field.label));
  for (const attribute of attributes) {
    const label = `attr.${attribute.name}`;
    if (known.has(label) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(attribute.name)) continue;
    const detail = attribute.values?.length ? attribute.values.slice(0, 3).join(', ') : ATTRIBUTE_TYPES[attribute.type];
    fields.push({ label, detail: detail ?? attribute.type, group: 'Attributs du client' });
  }
  const helpers = [
    { label: 'salutation', detail: 'Chère Madame Benjelloun (selon le client)' },
    { label: 'default first_name "cher client"', detail: 'une valeur si le champ est vide' },
    { label: '#if ', detail: 'bloc conditionnel : {{#if …}}…{{/if}}' },
  ];
  for (const helper of helpers) if (!known.has(helper.label)) fields.push({ ...helper, group: 'Fonctions' });
  return fields;
}

const ATTRIBUTE_TYPES: Record<string, string> = {
  number: 'nombre',
  boolean: 'oui / non',
  date: 'date',
  text: 'texte',
};
