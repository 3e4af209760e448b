import { hasValue, RenderError, type CompiledText } from './compiled-text';
import { requiredVariables } from './recipient-check';
import { rawRootOf, withRawRoot, type RawRoot, type RecipientData } from './recipient-data';

/**
 * Which of the operator's data a template cannot do without: the `campaign.*` and `sender.*`
 * values a campaign or automation definition must give. Checked without the template's
 * `sample:` values — they fill the gaps of a preview, and would hide a gap that makes every
 * message fail once sent. Contact data is not this check's business (the launch check counts the
 * contacts lacking it).
 */
export const OPERATOR_ROOTS: ReadonlySet<string> = new Set(['campaign', 'sender']);

export interface OperatorDataCheck {
  parts: CompiledText[];
  /**
   * The recipient data with the operator's data as the definition gives it (sample contact), and
   * what the trigger gives every message (printed escaped only, see recipient-data.ts).
   */
  data: RecipientData;
  render(data: RecipientData): unknown;
  /** A value to try in place of a missing one, to look for the next (the template's sample value). */
  fill(path: string): unknown;
  /** `campaign.data.*` names that may come from elsewhere (an event's own data): not reported. */
  open?(path: string): boolean;
}

const isOperatorData = (path: string) => OPERATOR_ROOTS.has(path.split('.')[0]);

/** The value at a dotted path, if any. */
export function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A copy of `data` with `value` at the dotted `path`. */
function withValue(data: RecipientData, path: string, value: unknown): RecipientData {
  const [head, ...rest] = path.split('.');
  const current = data[head];
  const inner = current && typeof current === 'object' && !Array.isArray(current) ? (current as RecipientData) : {};
  return { ...data, [head]: rest.length ? withValue(inner, rest.join('.'), value) : value };
}

/** As the definition giving `value` at `path` would make it: in the raw root too. */
function withOperatorValue(data: RecipientData, path: string, value: unknown): RecipientData {
  const root = rawRootOf(data);
  const filled = withValue(data, path, value);
  return root ? withRawRoot(filled, withValue(root as RecipientData, path, value) as RawRoot) : filled;
}

/**
 * The raw outputs (`{{{campaign.data.x}}}`) of names a trigger may set on a message, which are
 * never printed raw (raw-output.ts): every such message would fail. Once each, as written.
 */
export function rawTriggerOutputs(parts: CompiledText[], fromTrigger: (name: string) => boolean): Array<{ expression: string; path: string }> {
  const found = new Map<string, string>();
  for (const part of parts) {
    for (const output of part.analysis.rawOutputs) {
      const [root, data, name] = output.path?.split('.') ?? [];
      if (root === 'campaign' && data === 'data' && name !== undefined && fromTrigger(name)) found.set(output.expression, output.path!);
    }
  }
  return [...found].map(([expression, path]) => ({ expression, path }));
}

/**
 * The missing names, in template order: first those every rendering needs (outside blocks), then
 * those the rendering of the sample contact meets, each filled in turn to find the next.
 */
export function missingOperatorData(check: OperatorDataCheck): string[] {
  const reported = (path: string) => !check.open?.(path);
  const absent = requiredVariables(check.parts).filter((path) => isOperatorData(path) && !hasValue(check.data, path));
  const missing = absent.filter(reported);
  // Filled as if the definition gave them; names that may come from elsewhere only where templates see them.
  const fill = (data: RecipientData, path: string) => (isOperatorData(path) && reported(path) ? withOperatorValue : withValue)(data, path, check.fill(path));
  let data = absent.reduce(fill, check.data);
  const tried = new Set(absent);
  for (let round = 0; round < 50; round++) {
    try {
      check.render(data);
      break;
    } catch (error) {
      // A malformed value is for the preview check; a contact's missing value for the launch
      // check (filled here, to look further).
      if (!(error instanceof RenderError) || error.kind !== 'missing' || !error.variable || tried.has(error.variable)) break;
      tried.add(error.variable);
      if (isOperatorData(error.variable) && reported(error.variable)) missing.push(error.variable);
      data = fill(data, error.variable);
    }
  }
  return missing;
}
