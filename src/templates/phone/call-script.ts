import { DomainError } from '../../core/errors/domain-error';
import { compileText, type CompiledText } from '../engine/compiled-text';
import { parseMarkup, plainText, type Paragraph } from '../letters/light-markup';
import type { TemplateDefinition } from '../source/template-definition';

/**
 * Call scripts follow the CROC plan — Contact, Reason, Objective, Conclusion — with a branch for
 * each usual answer. In the template, a line `[key] Title` opens a section:
 *
 *   [contact] Prise de contact          [branch:reached] Le décideur est en ligne
 *   [reason] Raison de l'appel          [branch:absent] Le décideur est absent
 *   [objective] Objectif                [branch:what_about] « C'est à quel sujet ? »
 *   [conclusion] Conclusion             [branch:objection] Objection
 *                                       [branch:appointment] Rendez-vous
 *                                       [branch:documentation] Envoi de documentation
 *
 * Section bodies use the letters' light markup (bold, underline, bullets).
 */
export const CROC_SECTIONS = ['contact', 'reason', 'objective', 'conclusion'] as const;
export const USUAL_BRANCHES = ['reached', 'absent', 'what_about', 'objection', 'appointment', 'documentation'] as const;

export interface ScriptSection {
  key: string;
  title: string;
  body: string;
  line: number;
}

export interface PreparedPhone {
  channel: 'phone';
  definition: TemplateDefinition;
  sections: Array<{ key: string; title: CompiledText; body: CompiledText }>;
  parts: CompiledText[];
}

export interface RenderedScriptSection {
  key: string;
  title: string;
  paragraphs: Paragraph[];
  text: string;
}

export interface RenderedPhone {
  channel: 'phone';
  sections: RenderedScriptSection[];
  /** The whole script as text, sections in order. */
  text: string;
}

const HEADER = /^\[([a-z_]+(?::[a-z_]+)?)\]\s*(.*)$/;

/** Splits a script body into its sections (text before the first header is not allowed). */
export function splitScript(body: string, firstLine: number, reference: string): ScriptSection[] {
  const sections: ScriptSection[] = [];
  const lines = body.split('\n');
  lines.forEach((line, index) => {
    const header = HEADER.exec(line.trim());
    if (header) {
      sections.push({ key: header[1], title: header[2].trim(), body: '', line: firstLine + index + 1 });
    } else if (sections.length) {
      const section = sections[sections.length - 1];
      section.body += `${section.body ? '\n' : ''}${line}`;
    } else if (line.trim()) {
      throw DomainError.invalid('templates.syntax', `${reference}, line ${firstLine + index}: a call script is made of sections opened by "[contact] Title", "[reason] …", "[branch:absent] …"`);
    }
  });
  return sections;
}

export function preparePhone(definition: TemplateDefinition): PreparedPhone {
  const { reference, body } = definition;
  const sections = splitScript(body.text, body.line, reference).map((section) => ({
    key: section.key,
    title: compileText(reference, `${section.key} title`, { text: section.title, line: section.line - 1 }, 'markup'),
    body: compileText(reference, section.key, { text: section.body, line: section.line }, 'markup'),
  }));
  return { channel: 'phone', definition, sections, parts: sections.flatMap((section) => [section.title, section.body]) };
}

export function renderPhone(prepared: PreparedPhone, data: unknown): RenderedPhone {
  const sections = prepared.sections.map((section) => {
    const paragraphs = parseMarkup(section.body.render(data));
    const title = parseMarkup(section.title.render(data)).map(plainText).join(' ');
    const text = paragraphs.map((paragraph) => (paragraph.kind === 'bullet' ? `- ${plainText(paragraph)}` : plainText(paragraph))).join('\n');
    return { key: section.key, title, paragraphs, text };
  });
  return {
    channel: 'phone',
    sections,
    text: sections.map((section) => `== ${section.title || section.key} ==\n${section.text}`).join('\n\n') + '\n',
  };
}
