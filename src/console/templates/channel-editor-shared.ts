import { DomainError } from '../../core/errors/domain-error';
import { launchBlockers, type LintReport } from '../../templates/lint/lint-rules';
import { OBJECTIVES, type Channel } from '../../templates/source/template-definition';
import { TEMPLATE_ID } from '../../templates/template-library';
import type { TemplatesService } from '../../templates/templates.service';
import { OBJECTIVE_LABELS, labelOf } from '../campaigns/campaign-labels';
import type { ConsoleRequest } from '../shell/console-request';
import { RULE_LABELS, type Finding } from './letter-editor-view';

/** The SMS and call-script rules in French (the letter editor's labels for the others). */
export const CHANNEL_RULE_LABELS: Record<string, string> = {
  ...RULE_LABELS,
  'sms-unicode': 'Caractères hors de l’alphabet GSM : 70 caractères par SMS au lieu de 160',
  'sms-length': 'Plus de 2 SMS : chaque segment est facturé',
  'sms-sender': 'Le SMS ne nomme pas l’expéditeur ({{sender.name}})',
  'sms-opt-out': 'Pas de mention « STOP » : un SMS marketing doit dire comment ne plus en recevoir',
  'croc-section-missing': 'Section du plan CROC manquante (contact, raison, objectif, conclusion)',
  'branch-missing': 'Pas de branche pour une réponse habituelle',
  'unknown-section': 'Section inconnue',
};

/** Every finding of a report, errors first, in French. */
export function allFindings(report: LintReport): Finding[] {
  const item = (severity: Finding['severity']) => (issue: LintReport['errors'][number]) => ({
    rule: issue.rule,
    severity,
    label: labelOf(CHANNEL_RULE_LABELS, issue.rule),
    detail: issue.message,
  });
  return [...report.errors.map(item('error')), ...report.warnings.map(item('warning'))];
}

/** What the check panel says about launching: the launch's own rule. */
export function launchView(report: LintReport) {
  return {
    blockers: launchBlockers(report),
    errors: report.errors.length,
    warnings: report.warnings.length,
  };
}

export function objectiveOptions(objective: string) {
  return {
    objectives: OBJECTIVES.map((value) => ({
      value,
      label: labelOf(OBJECTIVE_LABELS, value),
      selected: value === objective,
    })),
    objectiveUnknown: objective !== '' && !(OBJECTIVES as readonly string[]).includes(objective),
    objective,
  };
}

/** A stored template of this channel the console may edit: never a library file, never another channel. */
export async function editableTemplate(templates: TemplatesService, id: string, channel: Channel) {
  if (!TEMPLATE_ID.test(id)) throw DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
  const template = await templates.get(id.toLowerCase());
  if (template.channel !== channel)
    throw DomainError.notFound('templates.not_found', `template "${template.name}" is not a ${channel} template`);
  if (template.libraryPath)
    throw DomainError.conflict(
      'templates.library_template',
      `${template.libraryPath} is a library file: duplicate it to edit it`,
    );
  return template;
}

/** `?enregistre=3` after a save. */
export function savedVersion(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}

export function isMarketer(request: ConsoleRequest): boolean {
  return request.consoleSession!.user.role !== 'manager';
}
