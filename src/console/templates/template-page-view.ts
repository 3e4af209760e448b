import { actorLabel } from '../campaigns/campaign-history-view';
import { CHANNEL_LABELS, labelOf, STATUS_LABELS } from '../campaigns/campaign-labels';
import { diffCounts, lineDiff, type DiffLine } from './line-diff';

/** A version as TemplatesService.history gives it. */
export interface VersionInput {
  id: string;
  version: number;
  source: string;
  lint: { errors: Array<{ rule: string; message: string }>; warnings: Array<{ rule: string; message: string }> };
  createdAt: Date;
  actor: string | null;
  actorName: string | null;
}

/** A step that pinned a version, as CampaignsRepository.usingTemplateVersions gives it. */
export interface UseInput {
  id: string;
  kind: 'campaign' | 'automation' | 'service';
  name: string;
  status: string;
  position: number;
  template_version_id: string;
}

export interface TemplateInput {
  id: string;
  name: string;
  channel: string;
  libraryPath: string | null;
  currentVersion: number;
}

export interface DiffChoice {
  from: number;
  to: number;
}

/** `?de=1&a=3`: the two versions to compare; by default the one before the current and the current. Problems name the field. */
export function parseDiffChoice(
  query: Record<string, unknown>,
  versions: number[],
): { choice: DiffChoice | null; problems: Array<{ field: string; reason: string }> } {
  const last = versions[versions.length - 1] ?? 0;
  const problems: Array<{ field: string; reason: string }> = [];
  const read = (field: string, fallback: number): number => {
    const raw = query[field];
    if (raw === undefined || raw === '') return fallback;
    const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!versions.includes(value)) {
      problems.push({ field, reason: `version inconnue (de 1 à ${last})` });
      return fallback;
    }
    return value;
  };
  const from = read('de', Math.max(1, last - 1));
  const to = read('a', last);
  if (problems.length || versions.length < 2) return { choice: null, problems };
  return { choice: { from, to }, problems };
}

function useHref(use: UseInput): string | null {
  if (use.kind === 'campaign') return `/campagnes/${use.id}`;
  if (use.kind === 'automation') return `/automatisations/${use.id}`;
  return null;
}

function useRows(uses: UseInput[], versionId: string) {
  return uses
    .filter((use) => use.template_version_id === versionId)
    .map((use) => ({
      name: use.name,
      href: useHref(use),
      kind: use.kind === 'campaign' ? 'campagne' : use.kind === 'automation' ? 'automatisation' : 'message de service',
      status: labelOf(STATUS_LABELS, use.status),
      step: use.position,
    }));
}

export interface DiffView {
  from: number;
  to: number;
  /** Every line with both numbers (null where the line is not in that version): the page reads them strictly. */
  lines: Array<{ kind: DiffLine['kind']; text: string; old: number | null; new: number | null }>;
  added: number;
  removed: number;
  same: boolean;
}

export function diffView(versions: VersionInput[], choice: DiffChoice | null): DiffView | null {
  if (!choice) return null;
  const from = versions.find((version) => version.version === choice.from);
  const to = versions.find((version) => version.version === choice.to);
  if (!from || !to) return null;
  const diff = lineDiff(from.source, to.source);
  const lines = diff.map((line) => ({
    kind: line.kind,
    text: line.text,
    old: line.old ?? null,
    new: line.new ?? null,
  }));
  const counts = diffCounts(diff);
  return { from: choice.from, to: choice.to, lines, ...counts, same: counts.added + counts.removed === 0 };
}

/** The template's page: its versions newest first (who, when, lint, which campaigns pinned each), and a diff. */
export function templatePageView(
  template: TemplateInput,
  versions: VersionInput[],
  uses: UseInput[],
  choice: DiffChoice | null,
) {
  const rows = [...versions].reverse().map((version) => ({
    version: version.version,
    current: version.version === template.currentVersion,
    at: version.createdAt,
    who: version.actor ? actorLabel(version.actor, version.actorName) : 'relance (fichier de la bibliothèque)',
    errors: version.lint.errors.length,
    warnings: version.lint.warnings.length,
    uses: useRows(uses, version.id),
  }));
  const current = versions.find((version) => version.version === template.currentVersion);
  return {
    template: {
      id: template.id,
      name: template.name,
      channel: labelOf(CHANNEL_LABELS, template.channel),
      libraryPath: template.libraryPath,
      currentVersion: template.currentVersion,
      letterEditor: template.channel === 'letter' && !template.libraryPath,
      emailEditor: template.channel === 'email' && !template.libraryPath,
      smsEditor: template.channel === 'sms' && !template.libraryPath,
      callEditor: template.channel === 'phone' && !template.libraryPath,
    },
    launchBlockers: current?.lint.errors ?? [],
    warnings: current?.lint.warnings ?? [],
    versions: rows,
    versionNumbers: versions.map((version) => version.version),
    usedBy: rows.reduce((total, row) => total + row.uses.length, 0),
    diff: diffView(versions, choice),
    /** The versions the comparison form shows selected. */
    diffFrom: choice?.from ?? null,
    diffTo: choice?.to ?? null,
  };
}
