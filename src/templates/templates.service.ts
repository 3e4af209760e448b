import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import { launchBlockers, type LintReport } from './lint/lint-rules';
import { CHANNELS, type Channel } from './source/template-definition';
import { Template } from './template.entity';
import { TemplateVersion } from './template-version.entity';
import { checksumOf, TEMPLATE_ID, TemplateLibrary, type TemplateSnapshot } from './template-library';
import { TemplateLintService } from './template-lint.service';
import type { Recipient } from './engine/recipient-check';
import type { SenderData } from './engine/recipient-data';
import type { PreparedTemplate } from './prepared-template';
import { TemplateRenderService } from './template-render.service';
import { currentActor } from '../core/auth/actor-context';

/** A version as the console lists it: who saved it, by name when a console user did. */
export interface VersionEntry {
  id: string;
  version: number;
  source: string;
  checksum: string;
  lint: LintReport;
  createdAt: Date;
  actor: string | null;
  actorName: string | null;
}

export interface SavedTemplate {
  template: Template;
  version: TemplateVersion;
  /** False when the source was unchanged (no new version). */
  created: boolean;
}

/**
 * Stored templates and their versions, and the one way to turn a template reference (library path
 * or stored id) into something to render. Versions are immutable: a campaign pins the version id
 * it launched with (`pin`), and later edits never change what it sends.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly library: TemplateLibrary,
    private readonly linter: TemplateLintService,
    private readonly renderer: TemplateRenderService,
  ) {}

  /** A library path or a stored template's id (its current version); `anyFile` lets the CLI name files on disk. */
  async resolve(reference: string, options: { anyFile?: boolean } = {}): Promise<TemplateSnapshot> {
    if (TEMPLATE_ID.test(reference)) {
      const template = await this.get(reference);
      return this.snapshot(template, await this.version(template.id, template.currentVersion));
    }
    return this.library.read(reference, options);
  }

  snapshot(template: Template, version: TemplateVersion): TemplateSnapshot {
    return {
      reference: template.libraryPath ?? `template "${template.name}" (${template.id}) v${version.version}`,
      text: version.source,
      channel: template.channel,
      defaults: version.defaults,
      checksum: version.checksum,
      templateId: template.id,
      versionId: version.id,
      version: version.version,
    };
  }

  async get(id: string): Promise<Template> {
    const template = TEMPLATE_ID.test(id) ? await this.dataSource.getRepository(Template).findOne({ where: { id } }) : null;
    if (!template) throw DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
    return template;
  }

  list(): Promise<Template[]> {
    return this.dataSource.getRepository(Template).find({ order: { name: 'ASC', createdAt: 'ASC' } });
  }

  /** Every stored template with its current version (one query), by name. */
  async withCurrentVersions(): Promise<Array<{ template: Template; version: TemplateVersion }>> {
    const templates = await this.list();
    const versions = templates.length
      ? await this.dataSource.getRepository(TemplateVersion).find({ where: templates.map((t) => ({ templateId: t.id, version: t.currentVersion })) })
      : [];
    const byTemplate = new Map(versions.map((version) => [version.templateId, version]));
    return templates.flatMap((template) => {
      const version = byTemplate.get(template.id);
      return version ? [{ template, version }] : [];
    });
  }

  versions(templateId: string): Promise<TemplateVersion[]> {
    return this.dataSource.getRepository(TemplateVersion).find({ where: { templateId }, order: { version: 'ASC' } });
  }

  /** Every version, oldest first, with the name of the console user who saved it (their name, else their e-mail). */
  async history(templateId: string): Promise<VersionEntry[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT v.id, v.version, v.source, v.checksum, v.lint, v.created_at, v.actor, coalesce(u.name, u.email) AS actor_name
       FROM template_versions v LEFT JOIN users u ON v.actor = 'user:' || u.id::text
       WHERE v.template_id = $1 ORDER BY v.version`,
      [templateId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      version: row.version as number,
      source: row.source as string,
      checksum: row.checksum as string,
      lint: row.lint as LintReport,
      createdAt: row.created_at as Date,
      actor: row.actor as string | null,
      actorName: row.actor_name as string | null,
    }));
  }

  /** A stored, editable copy of a library file (version 1), under the name given. */
  duplicate(reference: string, name: string): Promise<SavedTemplate> {
    const file = this.library.read(reference);
    if (!file.channel) throw DomainError.invalid('templates.channel', `${reference}: cannot tell the channel of this file`);
    return this.create({ name, channel: file.channel, source: file.text });
  }

  /** An unsaved source as something to lint and preview, with the channel's current defaults. */
  draft(name: string, channel: string, source: string): TemplateSnapshot {
    const checked = this.channel(channel);
    const defaults = this.library.defaultsFor(checked);
    return { reference: `template "${name}" (brouillon)`, text: source, channel: checked, defaults, checksum: checksumOf(source, defaults) };
  }

  async version(templateId: string, version: number): Promise<TemplateVersion> {
    const found = await this.dataSource.getRepository(TemplateVersion).findOne({ where: { templateId, version } });
    if (!found) throw DomainError.notFound('templates.version_not_found', `template ${templateId} has no version ${version}`);
    return found;
  }

  /** A pinned version by its id, with its template: what a campaign renders. */
  async pinned(versionId: string): Promise<TemplateSnapshot> {
    const version = TEMPLATE_ID.test(versionId) ? await this.dataSource.getRepository(TemplateVersion).findOne({ where: { id: versionId } }) : null;
    if (!version) throw DomainError.notFound('templates.version_not_found', `no template version with id "${versionId}"`);
    return this.snapshot(await this.get(version.templateId), version);
  }

  async create(input: { name: string; channel: string; source: string }): Promise<SavedTemplate> {
    const channel = this.channel(input.channel);
    const defaults = this.library.defaultsFor(channel);
    const lint = await this.lintForSave(`template "${input.name}"`, input.source, channel, defaults);
    return this.dataSource.transaction(async (manager) => {
      const template = await manager.getRepository(Template).save(manager.getRepository(Template).create({ name: input.name, channel, libraryPath: null, currentVersion: 0 }));
      return this.addVersion(manager, template, input.source, defaults, lint);
    });
  }

  /** A new version when the source changed; the same version otherwise. */
  async update(id: string, input: { source: string; name?: string }): Promise<SavedTemplate> {
    const current = await this.get(id);
    if (current.libraryPath) throw DomainError.conflict('templates.library_template', `${current.libraryPath} is a library file: edit the file, or create a stored template from its source`);
    const defaults = this.library.defaultsFor(current.channel);
    const lint = await this.lintForSave(`template "${input.name ?? current.name}"`, input.source, current.channel, defaults);
    return this.dataSource.transaction(async (manager) => {
      const template = await manager.getRepository(Template).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!template) throw DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
      if (input.name && input.name !== template.name) {
        template.name = input.name;
        await manager.getRepository(Template).update(id, { name: input.name, updatedAt: new Date() });
      }
      return this.addVersion(manager, template, input.source, defaults, lint);
    });
  }

  /**
   * The version a campaign launches with. A library file is stored the first time it is pinned
   * and gets a new version whenever its content (or its channel defaults) changed since.
   */
  async pin(reference: string): Promise<{ snapshot: TemplateSnapshot; version: TemplateVersion }> {
    if (TEMPLATE_ID.test(reference)) {
      const template = await this.get(reference);
      const version = await this.version(template.id, template.currentVersion);
      return { snapshot: this.snapshot(template, version), version };
    }
    const file = this.library.read(reference);
    const channel = file.channel;
    if (!channel) throw DomainError.invalid('templates.channel', `${reference}: cannot tell the channel of this file`);
    const { report } = await this.linter.lint(file);
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO templates (name, channel, library_path) VALUES ($1, $2, $1) ON CONFLICT (library_path) DO NOTHING`,
        [file.reference, channel],
      );
      const template = await manager.getRepository(Template).findOne({ where: { libraryPath: file.reference }, lock: { mode: 'pessimistic_write' } });
      return this.addVersion(manager, template!, file.text, file.defaults, report);
    });
    return { snapshot: this.snapshot(saved.template, saved.version), version: saved.version };
  }

  /**
   * The launch check of a pinned version: lint errors block it (`templates.lint_failed`, each rule
   * named), then every recipient must render (`templates.missing_variable`, each variable with
   * how many contacts lack it and which). Returns the prepared template, ready to render.
   */
  async assertLaunchable(snapshot: TemplateSnapshot, recipients: Recipient[], sender?: SenderData): Promise<PreparedTemplate> {
    const { report } = await this.linter.lint(snapshot);
    const blockers = launchBlockers(report);
    if (blockers.length) {
      const list = blockers.map((issue) => `[${issue.rule}]${issue.line ? ` line ${issue.line}:` : ''} ${issue.message}`).join('; ');
      throw DomainError.invalid('templates.lint_failed', `${snapshot.reference} cannot be launched: ${list}`, {
        fields: blockers.map((issue) => ({ field: issue.rule, line: issue.line, reason: issue.message })),
      });
    }
    const prepared = await this.renderer.prepare(snapshot, { sender });
    this.renderer.assertRenderable(prepared, recipients);
    return prepared;
  }

  private channel(value: string): Channel {
    if (!(CHANNELS as readonly string[]).includes(value)) throw DomainError.invalid('templates.channel', `channel must be one of ${CHANNELS.join(', ')} (got "${value}")`);
    return value as Channel;
  }

  /** Lints before saving; a template that cannot even be read is refused, copy problems are stored with it. */
  private async lintForSave(reference: string, source: string, channel: Channel, defaults: TemplateSnapshot['defaults']): Promise<LintReport> {
    const { report } = await this.linter.lint({ reference, text: source, channel, defaults, checksum: checksumOf(source, defaults) });
    const syntax = report.errors.filter((issue) => issue.rule === 'syntax');
    if (syntax.length) {
      throw DomainError.invalid('templates.syntax', syntax.map((issue) => issue.message).join('; '), { fields: syntax.map((issue) => ({ field: 'source', line: issue.line, reason: issue.message })) });
    }
    return report;
  }

  private async addVersion(manager: EntityManager, template: Template, source: string, defaults: TemplateSnapshot['defaults'], lint: LintReport): Promise<SavedTemplate> {
    const checksum = checksumOf(source, defaults);
    const versions = manager.getRepository(TemplateVersion);
    if (template.currentVersion > 0) {
      const current = await versions.findOne({ where: { templateId: template.id, version: template.currentVersion } });
      if (current && current.checksum === checksum) return { template, version: current, created: false };
    }
    const number = template.currentVersion + 1;
    const version = await versions.save(versions.create({ templateId: template.id, version: number, source, defaults, checksum, lint, actor: currentActor() }));
    await manager.getRepository(Template).update(template.id, { currentVersion: number, updatedAt: new Date() });
    template.currentVersion = number;
    return { template, version, created: true };
  }
}
