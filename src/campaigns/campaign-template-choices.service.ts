import { Injectable } from '@nestjs/common';
import { DomainError } from '../core/errors/domain-error';
import type { FrontMatterValue } from '../templates/source/front-matter';
import { TemplateLibrary } from '../templates/template-library';
import { TemplateRenderService } from '../templates/template-render.service';
import { TemplatesService } from '../templates/templates.service';
import type { StepChannel } from './campaign-definition';

export interface TemplateChoice {
  reference: string;
  channel: StepChannel;
  label: string;
  stored: boolean;
}

export interface CampaignDataField {
  name: string;
  /** The template's sample value (shown as an example, never sent). */
  sample: string;
  /** Printed whatever the recipient (not inside a condition): the launch refuses without it. */
  required: boolean;
  /** The templates declaring it. */
  templates: string[];
}

const DATA_PREFIX = 'campaign.data.';

/** What a campaign's steps can use: stored and library templates by channel, and the campaign data they declare. */
@Injectable()
export class CampaignTemplateChoices {
  constructor(
    private readonly templates: TemplatesService,
    private readonly library: TemplateLibrary,
    private readonly renderer: TemplateRenderService,
  ) {}

  /** Stored templates (current version) first, then the library, each channel's apart. */
  async list(): Promise<TemplateChoice[]> {
    const stored = (await this.templates.withCurrentVersions()).map(({ template }) => ({
      reference: template.id,
      channel: template.channel,
      label: template.name,
      stored: true,
    }));
    const library = this.library.list().map((entry) => ({
      reference: entry.reference,
      channel: entry.channel,
      label: entry.title ? `${entry.title} (bibliothèque)` : entry.reference,
      stored: false,
    }));
    return [...stored, ...library];
  }

  /**
   * The `campaign.data.*` fields the templates use (each variable written in them) or give a
   * sample of (front matter `sample.campaign.data`), with that sample. Unknown templates are skipped:
   * saving the campaign names them.
   */
  async dataFields(references: string[]): Promise<CampaignDataField[]> {
    const fields = new Map<string, CampaignDataField>();
    for (const reference of new Set(references)) {
      const snapshot = await this.templates.resolve(reference).catch((error: unknown) => {
        if (error instanceof DomainError) return undefined;
        throw error;
      });
      if (!snapshot) continue;
      const prepared = await this.renderer.prepare(snapshot).catch(() => undefined);
      if (!prepared) continue;
      const samples = sampleData(prepared.definition.sample);
      const add = (name: string, required: boolean) => {
        const field = fields.get(name) ?? { name, sample: samples[name] ?? '', required: false, templates: [] };
        field.required ||= required;
        if (!field.templates.includes(snapshot.reference)) field.templates.push(snapshot.reference);
        field.sample ||= samples[name] ?? '';
        fields.set(name, field);
      };
      for (const part of prepared.parts)
        for (const use of part.analysis.variables)
          if (!use.scoped && use.path.startsWith(DATA_PREFIX))
            add(use.path.slice(DATA_PREFIX.length).split('.')[0], use.required);
      for (const name of Object.keys(samples)) add(name, false);
    }
    return [...fields.values()];
  }
}

/** The template's sample campaign data, each value as text. */
function sampleData(sample: Record<string, FrontMatterValue>): Record<string, string> {
  const campaign = sample.campaign;
  const data = campaign && typeof campaign === 'object' && !Array.isArray(campaign) ? campaign.data : undefined;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  return Object.fromEntries(
    Object.entries(data).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '',
    ]),
  );
}
