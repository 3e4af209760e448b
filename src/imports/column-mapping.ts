import { ATTRIBUTE_LIMITS } from '../contacts/contact-fields';
import { slugifyIdentifier } from '../core/text/text';

export type ColumnTarget = { kind: 'field'; field: string } | { kind: 'attribute'; name: string } | { kind: 'ignored' };

export interface ColumnPlan {
  index: number;
  header: string;
  target: ColumnTarget;
}

export interface ImportSpec {
  kind: string;
  /** Canonical field → other header spellings (already slugified). */
  fields: Record<string, readonly string[]>;
  required: readonly string[];
  /** Unknown columns become custom attributes (contacts) rather than being refused. */
  unknownColumnsAsAttributes: boolean;
}

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Parses `--map "Col=field,Autre=attr.x,Ignorée=-"`. */
export function parseMapOption(option: string | undefined): Map<string, string> {
  const overrides = new Map<string, string>();
  if (!option) return overrides;
  for (const pair of option.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.lastIndexOf('=');
    if (eq <= 0) throw new MappingError([`--map: "${pair}" is not of the form column=field`]);
    overrides.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return overrides;
}

function resolveOverride(target: string, spec: ImportSpec): ColumnTarget | string {
  if (target === '-') return { kind: 'ignored' };
  if (target.startsWith('attr.')) {
    const name = slugifyIdentifier(target.slice(5));
    if (!name) return `--map: empty attribute name in "${target}"`;
    if (!spec.unknownColumnsAsAttributes) return `--map: ${spec.kind} have no custom attributes ("${target}")`;
    return { kind: 'attribute', name };
  }
  if (!Object.hasOwn(spec.fields, target))
    return `--map: unknown ${spec.kind} field "${target}" (known: ${Object.keys(spec.fields).join(', ')}; or attr.<name>, or - to ignore)`;
  return { kind: 'field', field: target };
}

/** A problem with the header row or the mapping, structured so each interface words it in its language. */
export type ColumnProblem =
  | { code: 'override'; message: string }
  | { code: 'empty_header'; column: number }
  | { code: 'unknown_column'; column: number; header: string; known: string[] }
  | { code: 'unused_override'; key: string }
  | { code: 'duplicate_target'; target: string; first: string; second: string }
  | { code: 'too_many_attributes'; count: number; max: number }
  | { code: 'missing_required'; field: string; aliases: string[] };

/** The wording of `relance import` and the API (English, naming the --map option). */
export function problemText(problem: ColumnProblem): string {
  switch (problem.code) {
    case 'override':
      return problem.message;
    case 'empty_header':
      return `column ${problem.column} has an empty header (name it, or drop the column)`;
    case 'unknown_column':
      return `unknown column "${problem.header}" (known: ${problem.known.join(', ')}; use --map "${problem.header}=-" to ignore it)`;
    case 'unused_override':
      return `--map: no column "${problem.key}" in the header row`;
    case 'duplicate_target':
      return `columns "${problem.first}" and "${problem.second}" both map to ${problem.target} (use --map to choose)`;
    case 'too_many_attributes':
      return `${problem.count} columns would become custom attributes: at most ${problem.max} per contact (ignore the others with --map "column=-")`;
    case 'missing_required':
      return `missing required column ${problem.field} (or one of: ${problem.aliases.join(', ')})`;
  }
}

/**
 * Decides what each column of the header row feeds: explicit --map first, then canonical names,
 * then common French and English spellings, then (contacts) a custom attribute named after the header.
 * Every problem is collected so the user fixes the file once.
 */
export function planColumns(headers: string[], spec: ImportSpec, overrides: Map<string, string>): ColumnPlan[] {
  const { plans, problems } = analyseColumns(headers, spec, overrides);
  if (problems.length) throw new MappingError(problems.map(problemText));
  return plans;
}

/** The plan of every column and every problem found (an unusable column is planned as ignored). */
export function analyseColumns(
  headers: string[],
  spec: ImportSpec,
  overrides: Map<string, string>,
): { plans: ColumnPlan[]; problems: ColumnProblem[] } {
  const problems: ColumnProblem[] = [];
  const aliasIndex = new Map<string, string>();
  for (const [field, aliases] of Object.entries(spec.fields)) {
    aliasIndex.set(field, field);
    for (const alias of aliases) aliasIndex.set(alias, field);
  }
  const slugs = headers.map((header) => slugifyIdentifier(header));
  const usedOverrides = new Set<string>();
  const plans: ColumnPlan[] = headers.map((header, index) => {
    const overrideKey = [header.trim(), slugs[index]].find((candidate) => overrides.has(candidate));
    if (overrideKey !== undefined) {
      usedOverrides.add(overrideKey);
      const target = resolveOverride(overrides.get(overrideKey)!, spec);
      if (typeof target === 'string') {
        problems.push({ code: 'override', message: target });
        return { index, header, target: { kind: 'ignored' } };
      }
      return { index, header, target };
    }
    const field = aliasIndex.get(slugs[index]);
    if (field) return { index, header, target: { kind: 'field', field } };
    if (slugs[index].startsWith('attr_') && spec.unknownColumnsAsAttributes) {
      return { index, header, target: { kind: 'attribute', name: slugs[index].slice(5) } };
    }
    if (!slugs[index]) {
      problems.push({ code: 'empty_header', column: index + 1 });
      return { index, header, target: { kind: 'ignored' } };
    }
    if (spec.unknownColumnsAsAttributes) return { index, header, target: { kind: 'attribute', name: slugs[index] } };
    problems.push({ code: 'unknown_column', column: index + 1, header, known: Object.keys(spec.fields) });
    return { index, header, target: { kind: 'ignored' } };
  });
  for (const key of overrides.keys()) {
    if (!usedOverrides.has(key)) problems.push({ code: 'unused_override', key });
  }
  checkTargets(plans, spec, problems);
  return { plans, problems };
}

/** Each target fed by one column, every required field present, and no more attribute columns than a contact may hold. */
function checkTargets(plans: ColumnPlan[], spec: ImportSpec, problems: ColumnProblem[]): void {
  const seen = new Map<string, string>();
  for (const plan of plans) {
    const name =
      plan.target.kind === 'field'
        ? plan.target.field
        : plan.target.kind === 'attribute'
          ? `attr.${plan.target.name}`
          : undefined;
    if (!name) continue;
    if (seen.has(name))
      problems.push({ code: 'duplicate_target', target: name, first: seen.get(name)!, second: plan.header });
    else seen.set(name, plan.header);
  }
  const attributeColumns = plans.filter((plan) => plan.target.kind === 'attribute').length;
  if (attributeColumns > ATTRIBUTE_LIMITS.perContact)
    problems.push({ code: 'too_many_attributes', count: attributeColumns, max: ATTRIBUTE_LIMITS.perContact });
  for (const field of spec.required) {
    if (!seen.has(field)) problems.push({ code: 'missing_required', field, aliases: spec.fields[field].slice(0, 4) });
  }
}
