import type { Template } from './template.entity';
import type { TemplateVersion } from './template-version.entity';

/** API and CLI shape of a stored template (snake_case), with the given version's source and lint report. */
export function templateToJson(template: Template, version?: TemplateVersion) {
  return {
    id: template.id,
    name: template.name,
    channel: template.channel,
    library_path: template.libraryPath,
    version: template.currentVersion,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
    ...(version ? { version_id: version.id, source_version: version.version, source: version.source, checksum: version.checksum, lint: version.lint } : {}),
  };
}

export function versionToJson(version: TemplateVersion, withSource = false): Record<string, unknown> {
  return {
    id: version.id,
    template_id: version.templateId,
    version: version.version,
    checksum: version.checksum,
    errors: version.lint.errors.length,
    warnings: version.lint.warnings.length,
    created_at: version.createdAt,
    ...(withSource ? { source: version.source, lint: version.lint } : {}),
  };
}
