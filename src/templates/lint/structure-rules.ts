import { fileLine } from '../engine/compiled-text';
import { BUILT_IN_BLOCK_HELPERS, TEMPLATE_HELPERS } from '../engine/helpers';
import { FORBIDDEN_SEGMENTS, RECIPIENT_ROOTS, TRIGGER_DATA_NAMES } from '../engine/recipient-data';
import type { TemplateAnalysis } from '../engine/template-analysis';
import { CROC_SECTIONS, USUAL_BRANCHES } from '../phone/call-script';
import type { PreparedTemplate } from '../prepared-template';
import { OBJECTIVES, type TemplateDefinition, type TextField } from '../source/template-definition';
import type { LintCollector } from './lint-rules';

/** Checks that need no rendering: settings, variables, helpers, structure. */
interface AnalysedText {
  part: string;
  source: TextField;
  analysis: TemplateAnalysis;
}

const ALLOWED_HELPERS = new Set<string>([...TEMPLATE_HELPERS, ...BUILT_IN_BLOCK_HELPERS]);

function analysedTexts(prepared: PreparedTemplate): AnalysedText[] {
  if (prepared.channel === 'email') {
    const texts: AnalysedText[] = [prepared.subject, ...(prepared.preheader ? [prepared.preheader] : [])];
    return [...texts, { part: 'body', source: prepared.definition.body, analysis: prepared.sourceAnalysis }];
  }
  return prepared.parts;
}

export function checkSettings(definition: TemplateDefinition, lint: LintCollector): void {
  const written = definition.objectivesWritten;
  if (written.length === 0) lint.add('objective', `no objective: set "objective:" to one of ${OBJECTIVES.join(', ')}`);
  for (const objective of written) {
    if (!(OBJECTIVES as readonly string[]).includes(objective)) lint.add('objective', `unknown objective "${objective}" (use one of ${OBJECTIVES.join(', ')})`);
  }
  if (written.length > 1) lint.add('one-objective', `${written.length} objectives (${written.join(', ')}): a mailing pursues one objective — split it`);
  for (const key of definition.unknownKeys) lint.add('unknown-setting', `"${key}" is not a ${definition.channel} setting`);
}

function checkVariables(text: AnalysedText, lint: LintCollector): void {
  const seen = new Set<string>();
  for (const use of text.analysis.variables) {
    const line = fileLine(text.source, use.line);
    const segments = use.path.split('.');
    const key = `${use.path}@${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment) || segment.startsWith('__'))) {
      lint.add('unsafe-variable', `{{${use.path}}} (in ${text.part}) reaches into object internals`, line);
      continue;
    }
    if (!use.scoped && !RECIPIENT_ROOTS.has(segments[0])) {
      lint.add('unknown-variable', `{{${use.path}}} (in ${text.part}) is not recipient data: use a contact field, attr.*, sender.*, campaign.data.*, request.* (service messages), response_code, response_url, unsubscribe_url, today…`, line);
    }
  }
  for (const output of text.analysis.rawOutputs) {
    if (output.refused) lint.add('raw-output', `${output.expression} (in ${text.part}) would print data without escaping: ${output.refused}; it is printed escaped`, fileLine(text.source, output.line));
    const [root, data, name] = output.path?.split('.') ?? [];
    if (root === 'campaign' && data === 'data' && TRIGGER_DATA_NAMES.has(name)) {
      lint.add('raw-trigger-data', `${output.expression} (in ${text.part}): in an automation, ${name} comes from its trigger, which is never printed raw (the message would fail): write {{${output.path}}}`, fileLine(text.source, output.line));
    }
  }
  for (const helper of text.analysis.helpers) {
    if (!ALLOWED_HELPERS.has(helper.name)) lint.add('unknown-helper', `{{${helper.name}}} (in ${text.part}) is not an available helper`, fileLine(text.source, helper.line));
  }
  for (const problem of text.analysis.problems) {
    lint.add('partial', `${problem.kind}s are not available (in ${text.part})`, fileLine(text.source, problem.line));
  }
}

function checkScript(prepared: PreparedTemplate, lint: LintCollector): void {
  if (prepared.channel !== 'phone') return;
  const keys = new Set(prepared.sections.map((section) => section.key));
  for (const section of CROC_SECTIONS) {
    if (!keys.has(section)) lint.add('croc-section-missing', `no [${section}] section: a call plan has Contact, Reason, Objective and Conclusion`);
  }
  for (const branch of USUAL_BRANCHES) {
    if (!keys.has(`branch:${branch}`)) lint.add('branch-missing', `no [branch:${branch}] section for that usual answer`);
  }
  const known = new Set<string>([...CROC_SECTIONS, ...USUAL_BRANCHES.map((branch) => `branch:${branch}`)]);
  for (const section of prepared.sections) {
    if (!known.has(section.key) && !section.key.startsWith('branch:')) lint.add('unknown-section', `[${section.key}] is not a call-script section`, section.body.source.line - 1);
  }
}

function checkEmailStructure(prepared: PreparedTemplate, lint: LintCollector): void {
  if (prepared.channel !== 'email') return;
  const { definition } = prepared;
  if (!definition.fields.subject?.text.trim()) lint.add('subject-missing', 'no "subject:" in the front matter');
  if (!definition.fields.preheader?.text.trim() && !/<mj-preview[\s>]/.test(definition.body.text)) {
    lint.add('preheader-missing', 'no "preheader:": the inbox will show the first text of the e-mail instead');
  }
  const unsubscribe = /href\s*=\s*["']\s*\{\{\{?\s*unsubscribe_url\s*\}?\}\}/.test(definition.body.text);
  if (definition.marketing && !unsubscribe) {
    lint.add('unsubscribe-missing', 'a marketing e-mail must offer a free, easy way to object: link to {{unsubscribe_url}} (e.g. <a href="{{unsubscribe_url}}">)');
  }
  const targets = new Set(
    [...definition.body.text.matchAll(/<mj-button[^>]*\shref\s*=\s*["']([^"']*)["']/g)].map((match) => match[1].trim()).filter((href) => !href.includes('unsubscribe_url')),
  );
  if (targets.size > 1) lint.add('one-call-to-action', `${targets.size} buttons lead to different places (${[...targets].join(', ')}): keep one call to action`);
  for (const warning of prepared.mjmlWarnings) lint.add('mjml', warning.message, warning.line);
  for (const expression of prepared.droppedExpressions) lint.add('mjml-dropped', `${expression} is not inside mj-text or mj-raw: MJML dropped it`);
}

function checkLetterStructure(prepared: PreparedTemplate, lint: LintCollector): void {
  if (prepared.channel !== 'letter') return;
  const { definition } = prepared;
  if (!definition.fields.accroche?.text.trim()) lint.add('accroche-missing', 'no "accroche:": the hook, in bold under the subject, with a promise or a benefit');
  if (!definition.fields.ps?.text.trim()) lint.add('ps-missing', 'no "ps:": the P.S. is read before the body — repeat the offer or the deadline there');
  const needsCoupon = definition.objective === 'sale' || definition.objective === 'reactivation' || definition.objective === 'survey';
  if (needsCoupon && !definition.coupon) {
    lint.add('coupon-missing', `a ${definition.objective} letter needs a reply coupon ("coupon:" with a title and options): a mailing without one is a shop without a till`);
  }
}

export function checkStructure(prepared: PreparedTemplate, lint: LintCollector): void {
  for (const text of analysedTexts(prepared)) checkVariables(text, lint);
  checkEmailStructure(prepared, lint);
  checkLetterStructure(prepared, lint);
  checkScript(prepared, lint);
}
