import { DomainError } from '../../core/errors/domain-error';
import { compileText, RenderError, where, type CompiledText } from '../engine/compiled-text';
import { analyseTemplate, type TemplateAnalysis } from '../engine/template-analysis';
import { parseTemplate } from '../engine/handlebars-environment';
import type { TemplateDefinition } from '../source/template-definition';
import { htmlToText } from './html-to-text';
import { buildMimeMessage, createMimeLayout, type MessageHeaders, type MimeLayout } from './mime-message';
import { addTracking, linkPlaceholder, OPEN_PLACEHOLDER } from './tracked-links';
import { compileMjmlInThread } from './mjml-thread';

/**
 * E-mail templates: MJML with Handlebars inside. MJML is compiled to HTML once per template
 * version; the HTML (and the plain-text alternative derived from it) is then a precompiled
 * Handlebars template merged per recipient — never MJML per recipient.
 */
export interface PreparedEmail {
  channel: 'email';
  definition: TemplateDefinition;
  subject: CompiledText;
  preheader?: CompiledText;
  /** The MJML source as Handlebars: variables with their lines in the file. */
  sourceAnalysis: TemplateAnalysis;
  html: CompiledText;
  text: CompiledText;
  htmlQuotedPrintable: CompiledText;
  textQuotedPrintable: CompiledText;
  mjmlWarnings: Array<{ line?: number; message: string }>;
  /** Handlebars expressions MJML dropped (written between components instead of inside mj-text or mj-raw). */
  droppedExpressions: string[];
  mime: MimeLayout;
  /** Every text rendered per recipient, for the missing-variable check. */
  parts: CompiledText[];
  /** The same HTML with its links rewritten and an open pixel, for recipients who allow tracking. */
  tracked?: TrackedEmailVariant;
}

export interface TrackedEmailVariant {
  htmlQuotedPrintable: CompiledText;
  /** The original hrefs, in placeholder order (`@relance_link_<n>`). */
  links: string[];
}

/** Per-recipient tracking tokens: the open pixel's and one per link of `TrackedEmailVariant.links`. */
export interface TrackingTokens {
  open: string;
  links: string[];
}

export interface RenderedEmail {
  channel: 'email';
  subject: string;
  preheader?: string;
  html: string;
  text: string;
}

const PREHEADER = '<mj-preview>{{@relance_preheader}}</mj-preview>';
const EXPRESSION = /\{\{(?!!)[\s\S]*?\}\}\}?/g;

function expressions(text: string): string[] {
  return (text.match(EXPRESSION) ?? []).map((expression) => expression.replace(/\s+/g, ' '));
}

/** Lets `preheader:` in the front matter fill the inbox preview unless the MJML has its own mj-preview. */
function withPreheader(mjml: string, hasPreheader: boolean): string {
  if (!hasPreheader || /<mj-preview[\s>]/.test(mjml)) return mjml;
  if (/<mj-head[\s>]/.test(mjml)) return mjml.replace(/<mj-head(\s[^>]*)?>/, (open) => `${open}${PREHEADER}`);
  return mjml.replace(/<mjml(\s[^>]*)?>/, (open) => `${open}<mj-head>${PREHEADER}</mj-head>`);
}

function droppedExpressions(source: string, html: string): string[] {
  const remaining = new Map<string, number>();
  for (const expression of expressions(html)) remaining.set(expression, (remaining.get(expression) ?? 0) + 1);
  const dropped: string[] = [];
  for (const expression of expressions(source)) {
    const count = remaining.get(expression) ?? 0;
    if (count > 0) remaining.set(expression, count - 1);
    else dropped.push(expression);
  }
  return dropped;
}

async function compileMjml(definition: TemplateDefinition, mjml: string) {
  try {
    return await compileMjmlInThread(mjml, { validationLevel: 'soft', keepComments: false, fonts: {}, ignoreIncludes: true });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw DomainError.invalid('templates.syntax', `${definition.reference}: MJML cannot be compiled: ${reason}`);
  }
}

export async function prepareEmail(definition: TemplateDefinition, seed: string): Promise<PreparedEmail> {
  const { reference, body } = definition;
  compileText(reference, 'body', body, 'html'); // Handlebars syntax errors, with the MJML file's lines
  const sourceAnalysis = analyseTemplate(parseTemplate(body.text));
  const subjectField = definition.fields.subject ?? { text: '', line: 1 };
  const subject = compileText(reference, 'subject', subjectField, 'text');
  const preheader = definition.fields.preheader ? compileText(reference, 'preheader', definition.fields.preheader, 'text') : undefined;
  const compiled = await compileMjml(definition, withPreheader(body.text, Boolean(preheader)));
  const generated = { text: compiled.html, line: 1, origin: 'generated' as const };
  const textSource = { text: htmlToText(compiled.html), line: 1, origin: 'generated' as const };
  const html = compileText(reference, 'body', generated, 'html');
  return {
    channel: 'email',
    definition,
    subject,
    preheader,
    sourceAnalysis,
    html,
    text: compileText(reference, 'text', textSource, 'text'),
    htmlQuotedPrintable: compileText(reference, 'body', generated, 'html-qp'),
    textQuotedPrintable: compileText(reference, 'text', textSource, 'text-qp'),
    mjmlWarnings: compiled.errors.map((warning) => ({ line: warning.line ? body.line + warning.line - 1 : undefined, message: warning.message })),
    droppedExpressions: droppedExpressions(body.text, compiled.html),
    mime: createMimeLayout(`${reference}\n${seed}`),
    parts: preheader ? [subject, preheader, html] : [subject, html],
  };
}

/**
 * Adds the tracked variant (links through the redirect, open pixel) to a prepared e-mail. Done
 * once per template version: per recipient only the tokens change.
 */
export function withTrackedVariant(prepared: PreparedEmail, publicUrl: string): PreparedEmail {
  const tracked = addTracking(prepared.html.source.text, publicUrl);
  const source = { text: tracked.html, line: 1, origin: 'generated' as const };
  return { ...prepared, tracked: { htmlQuotedPrintable: compileText(prepared.definition.reference, 'body', source, 'html-qp'), links: tracked.links } };
}

/** Errors in the generated HTML carry the MJML file's line of the variable. */
function withSourceLine(prepared: PreparedEmail, error: unknown): unknown {
  if (!(error instanceof RenderError) || error.line !== undefined || error.part !== 'body') return error;
  const use = prepared.sourceAnalysis.variables.find((variable) => variable.path === error.variable);
  if (!use) return error;
  const line = prepared.definition.body.line + use.line - 1;
  const problem = error.message.slice(error.message.indexOf(': ') + 2);
  return new RenderError(error.kind, error.variable, error.reference, 'body', line, `${where(error.reference, 'body', prepared.definition.body, line)}: ${problem}`);
}

function renderParts(prepared: PreparedEmail, data: unknown): { subject: string; preheader?: string } {
  const subject = prepared.subject.render(data).replace(/\s+/g, ' ').trim();
  const preheader = prepared.preheader?.render(data).replace(/\s+/g, ' ').trim();
  return { subject, preheader };
}

export function renderEmail(prepared: PreparedEmail, data: unknown): RenderedEmail {
  try {
    const { subject, preheader } = renderParts(prepared, data);
    const runtime = { relance_preheader: preheader ?? '' };
    return { channel: 'email', subject, preheader, html: prepared.html.render(data, runtime), text: prepared.text.render(data) };
  } catch (error) {
    throw withSourceLine(prepared, error);
  }
}

/** The complete MIME message for one recipient: static parts were encoded when the template was prepared. */
export function renderEmailMessage(prepared: PreparedEmail, data: unknown, headers: MessageHeaders, tracking?: TrackingTokens): Buffer {
  try {
    const { subject, preheader } = renderParts(prepared, data);
    const runtime: Record<string, string> = { relance_preheader: preheader ?? '' };
    let html = prepared.htmlQuotedPrintable;
    if (tracking && prepared.tracked) {
      html = prepared.tracked.htmlQuotedPrintable;
      runtime[OPEN_PLACEHOLDER] = tracking.open;
      for (let index = 0; index < tracking.links.length; index++) runtime[linkPlaceholder(index)] = tracking.links[index];
    }
    const bodies = { subject, text: prepared.textQuotedPrintable.render(data), html: html.render(data, runtime) };
    return buildMimeMessage(prepared.mime, bodies, headers);
  } catch (error) {
    throw withSourceLine(prepared, error);
  }
}
