import { Injectable } from '@nestjs/common';
import type { Contact } from '../../contacts/contact.entity';
import { ContactsService } from '../../contacts/contacts.service';
import { DomainError } from '../../core/errors/domain-error';
import { launchBlockers, type LintReport } from '../../templates/lint/lint-rules';
import { withSample } from '../../templates/lint/template-linter';
import { emailParts } from '../../templates/source/email-structure';
import type { TemplateSnapshot } from '../../templates/template-library';
import { TemplateLintService } from '../../templates/template-lint.service';
import { TemplatePreviewService } from '../../templates/template-preview.service';
import { TemplatesService } from '../../templates/templates.service';
import { EmailDrafts } from './email-drafts';
import { emailFindings, inboxLine, type PreviewWidth } from './email-editor-view';

export interface EmailCheckInput {
  templateId: string;
  userId: string;
  name: string;
  source: string;
  /** An external id or words of a name, as typed in the picker; empty: the sample contact. */
  contact: string;
  width: PreviewWidth;
}

interface Rendered {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

function contactName(contact: Contact): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.companyName || '';
  return name ? `${name} (${contact.externalId})` : contact.externalId;
}

function bodyLineOf(source: string): number {
  try {
    return emailParts(source).bodyLine;
  } catch {
    return 1; // the linter says what is wrong with the front matter
  }
}

/**
 * What the e-mail editor shows beside the source, for the draft as it is now: the linter's
 * findings (MJML problems apart, with their line in the editor), whether it may launch, and the
 * rendering for the chosen contact: inbox line, HTML (kept for the sandboxed frame) and text.
 */
@Injectable()
export class EmailEditorCheck {
  constructor(
    private readonly templates: TemplatesService,
    private readonly linter: TemplateLintService,
    private readonly previews: TemplatePreviewService,
    private readonly contacts: ContactsService,
    private readonly drafts: EmailDrafts,
  ) {}

  async check(input: EmailCheckInput) {
    const snapshot = this.templates.draft(input.name, 'email', input.source);
    const { report, definition } = await this.linter.lint(snapshot);
    const findings = emailFindings(report, bodyLineOf(input.source));
    const picked = await this.pick(input.contact);
    const preview = picked.problem ? { problem: picked.problem } : await this.render(report, snapshot, picked.externalId);
    const rendered = 'rendered' in preview ? preview.rendered : null;
    const sample = definition ? withSample(this.linter.sampleRecipient(), definition.sample) : null;
    const senderName = (sample?.sender as { name?: unknown } | undefined)?.name;
    const sender = typeof senderName === 'string' ? senderName : '';
    const key = rendered
      ? this.drafts.put({ userId: input.userId, templateId: input.templateId, html: rendered.html })
      : null;
    return {
      id: input.templateId,
      findings,
      sourceProblems: findings.source.length > 0,
      blockers: launchBlockers(report),
      errors: report.errors.length,
      warnings: report.warnings.length,
      width: input.width,
      mobile: input.width === 'mobile',
      frameHref: key ? `/modeles/${input.templateId}/email/apercu.html?brouillon=${key}` : null,
      inbox: rendered ? inboxLine(sender, rendered.subject, rendered.preheader, input.width) : null,
      text: rendered?.text ?? null,
      previewProblem: 'problem' in preview ? preview.problem : null,
      contact: picked.label,
      /** The data merge fields are completed from: the sample recipient with the template's own sample values. */
      mergeData: sample ?? this.linter.sampleRecipient(),
    };
  }

  /** The picker's suggestions for what was typed: up to 8 live contacts (client id, then name and city). */
  async suggestions(query: string): Promise<Array<{ value: string; label: string }>> {
    const text = query.trim();
    if (text.length < 2) return [];
    const { contacts } = await this.contacts.search({ text, limit: 8 });
    return contacts.map((contact) => ({
      value: contact.externalId,
      label: [contactName(contact), contact.city].filter(Boolean).join(' · '),
    }));
  }

  /** The contact the picker names: an external id, else the first live contact whose name matches. */
  private async pick(query: string): Promise<{ externalId?: string; label: string | null; problem?: string }> {
    const text = query.trim();
    if (!text) return { label: null };
    const exact = await this.contacts.get(text).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    });
    if (exact && !exact.erasedAt) return { externalId: exact.externalId, label: contactName(exact) };
    const { contacts } = await this.contacts.search({ text, limit: 1 });
    if (!contacts.length) return { label: text, problem: `aucun client ne correspond à « ${text} »` };
    return { externalId: contacts[0].externalId, label: contactName(contacts[0]) };
  }

  /** The e-mail for this contact, or why it cannot be shown (unreadable template, a value the contact lacks). */
  private async render(
    report: LintReport,
    snapshot: TemplateSnapshot,
    contact: string | undefined,
  ): Promise<{ rendered: Rendered } | { problem: string }> {
    if (report.errors.some((issue) => issue.rule === 'syntax'))
      return { problem: 'le modèle est illisible (voir les erreurs MJML)' };
    try {
      const result = await this.previews.previewSnapshot(snapshot, { contact });
      const text = (key: string) => (typeof result[key] === 'string' ? result[key] : '');
      return {
        rendered: { subject: text('subject'), preheader: text('preheader'), html: text('html'), text: text('text') },
      };
    } catch (error) {
      if (error instanceof DomainError && error.kind !== 'unavailable') return { problem: error.message };
      throw error;
    }
  }
}
