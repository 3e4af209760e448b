import { parseTemplateSource, CHANNELS, type Channel } from '../../templates/source/template-definition';
import { CHANNEL_LABELS, OBJECTIVE_LABELS, labelOf } from '../campaigns/campaign-labels';

/** A library file as TemplateLibrary.list gives it. */
export interface LibraryItem {
  reference: string;
  channel: Channel;
  title?: string;
  objective?: string;
}

/** A stored template and its current version, as TemplatesService.withCurrentVersions gives them. */
export interface StoredItem {
  template: {
    id: string;
    name: string;
    channel: Channel;
    libraryPath: string | null;
    currentVersion: number;
    updatedAt: Date;
  };
  version: { source: string; lint: { errors: unknown[]; warnings: unknown[] } };
}

export interface TemplateRow {
  kind: 'library' | 'stored';
  /** Library path (library files) or stored id. */
  key: string;
  title: string;
  /** The file a stored template was pinned from, if any (it cannot be edited in the console). */
  libraryPath: string | null;
  href: string | null;
  version: number | null;
  updatedAt: Date | null;
  errors: number;
  warnings: number;
  /** Letters only this round: the structured editor. */
  editable: boolean;
  duplicable: boolean;
}

export interface UseGroup {
  objective: string;
  label: string;
  rows: TemplateRow[];
}

export interface ChannelGroup {
  channel: Channel;
  label: string;
  count: number;
  uses: UseGroup[];
}

/** Title and objective written in a stored version's front matter (nothing when it cannot be read). */
function described(item: StoredItem): { title?: string; objective?: string } {
  try {
    const definition = parseTemplateSource({
      reference: item.template.id,
      text: item.version.source,
      channel: item.template.channel,
    });
    return { title: definition.title, objective: definition.objective };
  } catch {
    return {};
  }
}

function storedRow(item: StoredItem): TemplateRow & { objective?: string; channel: Channel } {
  const { title, objective } = described(item);
  const { template } = item;
  return {
    kind: 'stored',
    key: template.id,
    title: template.name || title || template.id,
    libraryPath: template.libraryPath,
    href: `/modeles/${template.id}`,
    version: template.currentVersion,
    updatedAt: template.updatedAt,
    errors: item.version.lint.errors.length,
    warnings: item.version.lint.warnings.length,
    editable: template.channel === 'letter' && !template.libraryPath,
    duplicable: false,
    objective,
    channel: template.channel,
  };
}

function libraryRow(item: LibraryItem): TemplateRow & { objective?: string; channel: Channel } {
  return {
    kind: 'library',
    key: item.reference,
    title: item.title ?? item.reference,
    libraryPath: item.reference,
    href: null,
    version: null,
    updatedAt: null,
    errors: 0,
    warnings: 0,
    editable: false,
    duplicable: true,
    objective: item.objective,
    channel: item.channel,
  };
}

/** The library and the stored templates in one list: by channel, then by use (objective), library first, then by title. */
export function templateGroups(library: LibraryItem[], stored: StoredItem[]): ChannelGroup[] {
  const rows = [...library.map(libraryRow), ...stored.map(storedRow)];
  return CHANNELS.flatMap((channel) => {
    const ofChannel = rows.filter((row) => row.channel === channel);
    if (!ofChannel.length) return [];
    // By use's French name; templates whose objective cannot be read come last.
    const objectives = [...new Set(ofChannel.map((row) => row.objective ?? ''))].sort((a, b) =>
      !a || !b
        ? Number(!a) - Number(!b)
        : labelOf(OBJECTIVE_LABELS, a).localeCompare(labelOf(OBJECTIVE_LABELS, b), 'fr'),
    );
    const uses = objectives.map((objective) => ({
      objective,
      label: objective ? labelOf(OBJECTIVE_LABELS, objective) : 'Objectif illisible',
      rows: ofChannel
        .filter((row) => (row.objective ?? '') === objective)
        .sort((a, b) => (a.kind === b.kind ? a.title.localeCompare(b.title, 'fr') : a.kind === 'library' ? -1 : 1))
        .map(({ objective: _objective, channel: _channel, ...row }) => row),
    }));
    return [{ channel, label: labelOf(CHANNEL_LABELS, channel), count: ofChannel.length, uses }];
  });
}

/** The name a duplicated library file gets: its title, marked as a copy. */
export function copyName(item: LibraryItem | undefined, reference: string): string {
  return `${item?.title ?? reference} (copie)`;
}
