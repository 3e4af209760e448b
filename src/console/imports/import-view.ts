import type { ColumnPlan, ColumnTarget, ImportSpec } from '../../imports/column-mapping';
import type { ImportPreview } from '../../imports/import-preview';
import type { ImportRun } from '../../imports/import-runs.service';
import { slugifyIdentifier } from '../../core/text/text';
import { columnProblemText, fieldLabel, KIND_LABELS } from './import-labels';

export interface MappingOption {
  value: string;
  label: string;
  selected: boolean;
}

/** The kinds the engine imports, in its order, with their French names (an unknown one by its own name). */
export function kindChoices(kinds: string[], selected: string): MappingOption[] {
  return kinds.map((kind) => ({ value: kind, label: KIND_LABELS[kind] ?? kind, selected: kind === selected }));
}

/** A plan's target as the mapping holds it: `field`, `attr.name`, or `-` when ignored. */
export function targetValue(target: ColumnTarget): string {
  if (target.kind === 'field') return target.field;
  if (target.kind === 'attribute') return `attr.${target.name}`;
  return '-';
}

/** What one column may feed: every field of the kind, a custom attribute named after it (contacts), or nothing. */
export function columnOptions(plan: ColumnPlan, spec: ImportSpec): MappingOption[] {
  const current = targetValue(plan.target);
  const values = Object.keys(spec.fields).map((field) => ({ value: field, label: fieldLabel(field) }));
  if (spec.unknownColumnsAsAttributes) {
    const named = slugifyIdentifier(plan.header);
    if (named) values.push({ value: `attr.${named}`, label: `Attribut personnalisé « ${named} »` });
    if (plan.target.kind === 'attribute' && plan.target.name !== named)
      values.push({ value: current, label: `Attribut personnalisé « ${plan.target.name} »` });
  }
  values.push({ value: '-', label: 'Ignorer cette colonne' });
  return values.map((option) => ({ ...option, selected: option.value === current }));
}

const DELIMITERS: Record<string, string> = { ';': 'point-virgule (;)', ',': 'virgule (,)', '\t': 'tabulation' };
const ENCODINGS: Record<string, string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252 (Excel sous Windows)' };

/** The page that shows what relance read and lets the user change the mapping column by column. */
export function mappingView(
  run: Pick<ImportRun, 'id' | 'kind' | 'fileName'>,
  preview: ImportPreview,
  spec: ImportSpec,
) {
  return {
    id: run.id,
    fileName: run.fileName,
    kind: KIND_LABELS[run.kind] ?? run.kind,
    encoding: ENCODINGS[preview.encoding] ?? preview.encoding,
    delimiter: DELIMITERS[preview.delimiter] ?? preview.delimiter,
    bytes: preview.bytes,
    header: preview.header.map((header, index) => ({ header, position: index + 1 })),
    rows: preview.rows.map((cells, index) => ({ line: index + 2, cells })),
    columns: preview.plans.map((plan) => ({
      name: `colonne-${plan.index}`,
      position: plan.index + 1,
      header: plan.header,
      sample: preview.rows.map((cells) => cells[plan.index]).find((value) => value?.trim()) ?? '',
      options: columnOptions(plan, spec),
    })),
    required: spec.required.map(fieldLabel),
    problems: preview.problems.map(columnProblemText),
  };
}

/**
 * The mapping the form sent, one select per column, as header → target. A value that is not one
 * of that column's choices (a forged form) is reported by column rather than passed on.
 */
export function mappingFromForm(
  body: Record<string, unknown>,
  plans: ColumnPlan[],
  spec: ImportSpec,
): { overrides: Map<string, string>; problems: string[] } {
  const overrides = new Map<string, string>();
  const problems: string[] = [];
  for (const plan of plans) {
    const value = body[`colonne-${plan.index}`];
    const allowed = columnOptions(plan, spec).map((option) => option.value);
    if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push(`Colonne ${plan.index + 1} « ${plan.header} » : choisissez un champ, un attribut ou « Ignorer ».`);
      continue;
    }
    overrides.set(plan.header.trim(), value);
  }
  return { overrides, problems };
}
