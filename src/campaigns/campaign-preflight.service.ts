import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { launchBlockers, type LintIssue } from '../templates/lint/lint-rules';
import type { MissingVariable, InvalidValue } from '../templates/engine/recipient-check';
import type { PreparedTemplate, RenderedMessage } from '../templates/prepared-template';
import type { TemplateSnapshot } from '../templates/template-library';
import { TemplateLintService } from '../templates/template-lint.service';
import { TemplateRenderService } from '../templates/template-render.service';
import { TemplatesService } from '../templates/templates.service';
import { CampaignsRepository, type CampaignRow, type StepRow } from './campaigns.repository';
import { LaunchCampaign, treatmentPages, type AudienceCounts } from './launch-campaign.use-case';

export const PREFLIGHT_SAMPLES = 3;

export interface PreflightSample {
  externalId: string;
  name: string;
  rendered: RenderedMessage | null;
  /** Why this recipient's message cannot be rendered (a missing variable…). */
  problem: string | null;
}

export interface PreflightStep {
  position: number;
  channel: StepRow['channel'];
  template: string;
  reference: string;
  /** The template cannot be read or is of another channel: nothing else is checked for the step. */
  unusable: string | null;
  lint: { errors: LintIssue[]; warnings: LintIssue[]; blockers: number };
  missing: MissingVariable[];
  invalid: InvalidValue[];
  /** Messages the step sends at most (every targeted contact; fewer when it waits for non-responders). */
  messages: number;
  upTo: boolean;
  costPerMessage: number;
  cost: number;
  samples: PreflightSample[];
  letters: { pagesPerLetter: number; pages: number; domestic: number; abroad: number } | null;
}

export interface Preflight {
  id: string;
  name: string;
  status: string;
  sendAt: string | null;
  audience: AudienceCounts;
  steps: PreflightStep[];
  costs: { currency: string; fixed: number; total: number };
  launchable: boolean;
}

interface CheckedTemplate {
  snapshot: TemplateSnapshot;
  prepared: PreparedTemplate;
}

/**
 * The pre-flight of a draft: what its launch would do now, computed by the launch's own code
 * (audience freeze with consent, suppression, address and frequency-cap exclusions, control
 * group; the strict merge of every step on the whole treatment group) in a transaction that is
 * rolled back — no audience, delivery or snapshot is kept. Templates are resolved, not pinned.
 */
@Injectable()
export class CampaignPreflightService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly launch: LaunchCampaign,
    private readonly templates: TemplatesService,
    private readonly linter: TemplateLintService,
    private readonly renderer: TemplateRenderService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async check(campaignId: string, now = new Date()): Promise<Preflight> {
    const campaign = await this.draft(campaignId);
    const steps = await this.campaigns.steps(campaignId);
    const checked = await Promise.all(steps.map((step) => this.template(campaign, step)));
    return this.dryRun(async (manager) => {
      const audience = await this.launch.freezeAudience(manager, campaign, steps[0], now);
      const sampleIds = await this.sampleContacts(manager, campaign.id);
      const results: PreflightStep[] = [];
      for (const [index, step] of steps.entries())
        results.push(await this.stepCheck(manager, campaign, step, checked[index], audience, sampleIds));
      const fixed = campaign.definition.costs.fixed;
      const launchable = results.every(
        (s) => !s.unusable && !s.lint.blockers && !s.missing.length && !s.invalid.length,
      );
      return {
        id: campaign.id,
        name: campaign.name,
        status: campaign.status,
        sendAt: steps[0].send_at ? new Date(steps[0].send_at).toISOString() : null,
        audience,
        steps: results,
        costs: {
          currency: campaign.definition.costs.currency,
          fixed,
          total: fixed + results.reduce((sum, s) => sum + s.cost, 0),
        },
        launchable: launchable && audience.targeted > 0,
      };
    });
  }

  /** One sample recipient's message of a step (the n-th of the treatment group, from 0), as it will be sent. */
  async sample(
    campaignId: string,
    position: number,
    index: number,
    now = new Date(),
  ): Promise<{ sample: PreflightSample; pdf?: Buffer }> {
    const campaign = await this.draft(campaignId);
    const steps = await this.campaigns.steps(campaignId);
    const step = steps.find((s) => s.position === position);
    if (!step || index < 0 || index >= PREFLIGHT_SAMPLES)
      throw DomainError.notFound('campaigns.no_sample', `no sample ${index + 1} for step ${position}`);
    const checked = await this.template(campaign, step);
    if ('unusable' in checked) throw DomainError.invalid('campaigns.template', checked.unusable);
    return this.dryRun(async (manager) => {
      await this.launch.freezeAudience(manager, campaign, steps[0], now);
      const id = (await this.sampleContacts(manager, campaign.id))[index];
      if (!id) throw DomainError.notFound('campaigns.no_sample', `no sample ${index + 1} for step ${position}`);
      const [recipient] = await this.launch.recipientsOf(manager, campaign, step, checked.snapshot, [id]);
      const sample = this.render(checked.prepared, recipient);
      if (checked.prepared.channel !== 'letter' || !sample.rendered) return { sample };
      const { pdf } = await this.renderer.renderLetterPdf(checked.prepared, recipient.data);
      return { sample, pdf };
    });
  }

  private async draft(campaignId: string): Promise<CampaignRow> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status !== 'draft')
      throw DomainError.conflict(
        'campaigns.not_draft',
        `campaign ${campaignId} is ${campaign.status}: only a draft is checked before launch`,
      );
    return campaign;
  }

  /** Runs `work` in a transaction that is always rolled back: what the launch would write is never kept. */
  private async dryRun<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      return await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** The step's template, resolved, linted and compiled — or why it cannot be used. */
  private async template(
    campaign: CampaignRow,
    step: StepRow,
  ): Promise<(CheckedTemplate & { lint: { errors: LintIssue[]; warnings: LintIssue[] } }) | { unusable: string }> {
    let snapshot: TemplateSnapshot;
    try {
      snapshot = await this.templates.resolve(step.template);
    } catch (error) {
      if (error instanceof DomainError) return { unusable: error.message };
      throw error;
    }
    if (snapshot.channel && snapshot.channel !== step.channel)
      return { unusable: `${step.template} is a ${snapshot.channel} template, the step is ${step.channel}` };
    const { report } = await this.linter.lint(snapshot);
    if (report.errors.some((issue) => issue.rule === 'syntax'))
      return { unusable: report.errors.map((issue) => issue.message).join('; ') };
    const prepared = await this.renderer.prepare(snapshot, { sender: campaign.definition.sender });
    return { snapshot, prepared, lint: report };
  }

  private async stepCheck(
    manager: EntityManager,
    campaign: CampaignRow,
    step: StepRow,
    checked: Awaited<ReturnType<CampaignPreflightService['template']>>,
    audience: AudienceCounts,
    sampleIds: string[],
  ): Promise<PreflightStep> {
    const costPerMessage = campaign.definition.costs.per_message[step.channel] ?? 0;
    const base = {
      position: step.position,
      channel: step.channel,
      template: step.template,
      messages: audience.targeted,
      upTo: step.only_non_responders,
      costPerMessage,
      cost: audience.targeted * costPerMessage,
    };
    if ('unusable' in checked)
      return {
        ...base,
        reference: step.template,
        unusable: checked.unusable,
        lint: { errors: [], warnings: [], blockers: 0 },
        missing: [],
        invalid: [],
        samples: [],
        letters: null,
      };
    const problems = await this.launch.recipientProblems(manager, campaign, step, checked.snapshot, checked.prepared);
    const recipients = await this.launch.recipientsOf(manager, campaign, step, checked.snapshot, sampleIds);
    const samples = recipients.map((recipient) => this.render(checked.prepared, recipient));
    return {
      ...base,
      reference: checked.snapshot.reference,
      unusable: null,
      lint: { ...checked.lint, blockers: launchBlockers(checked.lint).length },
      missing: problems.missing,
      invalid: problems.invalid,
      samples,
      letters:
        checked.prepared.channel === 'letter'
          ? await this.letters(manager, campaign, checked.prepared, recipients, audience.targeted)
          : null,
    };
  }

  private render(
    prepared: PreparedTemplate,
    recipient: { contact: Record<string, unknown>; data: Record<string, unknown> },
  ): PreflightSample {
    const contact = recipient.contact;
    const words = [contact.first_name, contact.last_name].filter((word) => typeof word === 'string' && word);
    const name = words.join(' ') || (typeof contact.company_name === 'string' ? contact.company_name : '');
    const sample = { externalId: String(contact.external_id), name };
    try {
      return { ...sample, rendered: this.renderer.render(prepared, recipient.data), problem: null };
    } catch (error) {
      return { ...sample, rendered: null, problem: (error as Error).message };
    }
  }

  /** The first contacts of the treatment group, in id order: the samples. */
  private async sampleContacts(manager: EntityManager, campaignId: string): Promise<string[]> {
    for await (const page of treatmentPages(manager, campaignId, PREFLIGHT_SAMPLES)) return page;
    return [];
  }

  /** The print batch: pages (from the samples' letters) and postage class (domestic or abroad, as the batch sorts). */
  private async letters(
    manager: EntityManager,
    campaign: CampaignRow,
    prepared: PreparedTemplate,
    recipients: Array<{ data: Record<string, unknown> }>,
    letters: number,
  ): Promise<PreflightStep['letters']> {
    let pages = 0;
    let rendered = 0;
    for (const recipient of recipients) {
      const result = await this.renderer.renderLetterPdf(prepared, recipient.data).catch(() => undefined);
      if (!result) continue;
      pages += result.pages;
      rendered++;
    }
    const pagesPerLetter = rendered ? Math.round((pages / rendered) * 10) / 10 : 1;
    const senderCountry = campaign.definition.sender.country;
    const home = typeof senderCountry === 'string' && senderCountry ? senderCountry : this.config.defaultCountry;
    const [{ abroad }]: Array<{ abroad: number }> = await manager.query(
      `SELECT count(*) FILTER (WHERE upper(coalesce(nullif(c.country, ''), $2)) <> upper($2))::int AS abroad
       FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id
       WHERE a.campaign_id = $1 AND a.audience_group = 'treatment'`,
      [campaign.id, home],
    );
    return { pagesPerLetter, pages: Math.round(pagesPerLetter * letters), domestic: letters - abroad, abroad };
  }
}
