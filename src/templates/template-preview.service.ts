import { Injectable } from '@nestjs/common';
import { DomainError } from '../core/errors/domain-error';
import { RenderError } from './engine/compiled-text';
import { missingOperatorData, rawTriggerOutputs, valueAt } from './engine/operator-data-check';
import { recipientProblemsError } from './engine/recipient-check';
import { rawRootOf, withRawRoot, type RecipientContext, type RecipientData, type SenderData } from './engine/recipient-data';
import type { FrontMatterMap } from './source/front-matter';
import type { LintReport } from './lint/lint-rules';
import { withSample } from './lint/template-linter';
import type { RenderedMessage } from './prepared-template';
import { TemplateDataService } from './template-data.service';
import { TemplateLibrary, type SampleData, type TemplateSnapshot } from './template-library';
import { SAMPLE_RESPONSE_CODE, TemplateLintService } from './template-lint.service';
import { TemplateRenderService } from './template-render.service';
import { TemplatesService } from './templates.service';

export interface PreviewRequest {
  template: string;
  /** A real contact; without it, the sample contact of `templates/sample-data.json`. */
  contact?: string;
  /** Sender and campaign data, as in a campaign file; the sample ones otherwise. */
  sender?: SenderData;
  data?: Record<string, unknown>;
  /** Price of one SMS segment; the sample price (templates/sample-data.json) otherwise. */
  smsPrice?: { perSegment: number; currency: string };
  /** The CLI may preview any template file on disk. */
  anyFile?: boolean;
  /** A service message's request (a complaint's answer): over the template's sample one. */
  request?: Record<string, string>;
}

export interface OperatorDataRequest {
  template: string;
  sender: SenderData;
  /** As the definition gives it: id, name, objective and data. */
  campaign: NonNullable<RecipientContext['campaign']>;
  /** What the trigger adds to every message's `campaign.data` (example values): counts as given. */
  trigger?: Record<string, unknown>;
  /** `campaign.data.*` names that may come from elsewhere at send time: not reported. */
  open?: (path: string) => boolean;
  /** Whether the trigger may set `campaign.data.<name>` on a message: never printed raw, then. */
  fromTrigger?: (name: string) => boolean;
}

export interface OperatorDataProblems {
  /** `campaign.*` and `sender.*` paths the template needs and the definition does not give. */
  missing: string[];
  /** Raw outputs (as written, and the path they print) of what a trigger sets: they would fail every such message. */
  rawFromTrigger: Array<{ expression: string; path: string }>;
}

export type PreviewResult = Record<string, unknown> & {
  channel: string;
  template: string;
  contact: string;
  sample_data: boolean;
  response_code: string;
  lint: LintReport;
  /** Letters: the PDF. */
  pdf?: Buffer;
};

/** The campaign data given with a preview request (the operator's) wins: where templates see it and in the raw root. */
function withCampaignData(data: RecipientData, given: Record<string, unknown>): void {
  const merge = (target: Record<string, unknown>) => ({ ...(target.campaign as object), data: { ...((target.campaign as { data?: object }).data ?? {}), ...given } });
  data.campaign = merge(data);
  const root = rawRootOf(data);
  if (root) withRawRoot(data, { ...root, campaign: merge(root as Record<string, unknown>) });
}

/** Renders any template for one contact (or sample data): the HTML, text, PDF page or SMS a recipient would get. */
@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly linter: TemplateLintService,
    private readonly library: TemplateLibrary,
    private readonly contacts: TemplateDataService,
  ) {}

  private async recipient(request: Omit<PreviewRequest, 'template'>, sample: SampleData): Promise<{ data: RecipientData; externalId: string }> {
    const sender = request.sender ?? sample.sender;
    const campaign = { ...sample.campaign, data: request.data ?? sample.campaign.data ?? {} };
    if (!request.contact) return { data: this.linter.sampleRecipient({ ...sample, sender, campaign }), externalId: String(sample.contact.external_id) };
    const [found] = await this.contacts.load([request.contact]);
    const data = this.linter.sampleRecipient({ ...sample, sender, campaign, purchases: found.purchases }, found.contact);
    return { data, externalId: request.contact };
  }

  /**
   * The `campaign.*` and `sender.*` values a template needs that the request lacks, on the sample
   * contact but without the template's sample values for them: what a definition saved now and
   * sent later must give (an automation's save check); and the raw outputs of what its trigger
   * sets. Empty lists when nothing is wrong.
   */
  async operatorDataProblems(request: OperatorDataRequest): Promise<OperatorDataProblems> {
    const snapshot = await this.templates.resolve(request.template);
    const definition = this.renderer.definition(snapshot);
    const sample = this.library.sampleData();
    const { campaign: _campaign, sender: _sender, ...contactSample } = definition.sample;
    const data = withSample(this.linter.sampleRecipient({ ...sample, sender: request.sender, campaign: request.campaign }, sample.contact, request.trigger), contactSample);
    const samples = withSample(this.linter.sampleRecipient(), definition.sample);
    const prepared = await this.renderer.prepare(snapshot, { sender: request.sender });
    const rawFromTrigger = request.fromTrigger ? rawTriggerOutputs(prepared.parts, request.fromTrigger) : [];
    const missing = missingOperatorData({
      parts: prepared.parts, data, open: request.open,
      render: (values) => this.renderer.render(prepared, values),
      fill: (path) => valueAt(samples, path) ?? '1',
    });
    return { missing, rawFromTrigger };
  }

  async preview(request: PreviewRequest): Promise<PreviewResult> {
    return this.previewSnapshot(await this.templates.resolve(request.template, { anyFile: request.anyFile }), request);
  }

  /** A preview of a template given as a snapshot (an unsaved draft, `TemplatesService.draft`); `request.template` is not read. */
  async previewSnapshot(snapshot: TemplateSnapshot, request: Omit<PreviewRequest, 'template'>): Promise<PreviewResult> {
    const { report, definition } = await this.linter.lint(snapshot);
    const syntax = report.errors.filter((issue) => issue.rule === 'syntax');
    if (syntax.length || !definition) throw DomainError.invalid('templates.syntax', syntax.map((issue) => issue.message).join('; '));
    const sample = this.library.sampleData();
    const { data: base, externalId } = await this.recipient(request, sample);
    // The template's sample values fill in what a preview without a campaign cannot know (offers,
    // dates, a service message's request); for a real contact only those parts, and data given
    // with the request wins.
    const data = withSample(base, request.contact ? { campaign: definition.sample.campaign ?? {}, request: { ...((definition.sample.request ?? {}) as FrontMatterMap), ...(request.request ?? {}) } } : definition.sample);
    if (request.data) withCampaignData(data, request.data);
    const prepared = await this.renderer.prepare(snapshot, { sender: data.sender as SenderData });
    let rendered: RenderedMessage;
    try {
      const samplePrice = sample.costs?.sms_per_segment ? { perSegment: sample.costs.sms_per_segment, currency: sample.costs.currency ?? 'MAD' } : undefined;
      rendered = this.renderer.render(prepared, data, { smsPrice: request.smsPrice ?? samplePrice });
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      throw recipientProblemsError(snapshot.reference, {
        total: 1,
        missing: error.kind === 'missing' ? [{ variable: error.variable ?? '(unknown)', count: 1, external_ids: [externalId] }] : [],
        invalid: error.kind === 'invalid' ? [{ external_id: externalId, message: error.message }] : [],
      });
    }
    const common = { template: snapshot.reference, contact: externalId, sample_data: !request.contact, response_code: SAMPLE_RESPONSE_CODE, lint: report };
    if (rendered.channel === 'letter') {
      const { pdf, pages, problems } = await this.renderer.renderLetterPdf(prepared, data);
      return { channel: 'letter', ...common, text: rendered.text, pages, address_problems: problems, pdf };
    }
    return { ...rendered, ...common };
  }
}
