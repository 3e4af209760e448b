import { DomainError } from '../../core/errors/domain-error';
import { hasValue, RenderError, type CompiledText } from './compiled-text';

/**
 * The launch-time check: which recipients lack a variable the template cannot do without, and how
 * many. A missing value is an error naming the variable and the contacts — never a blank in a
 * message that went out.
 */
export interface Recipient {
  external_id: string;
  data: Record<string, unknown>;
}

export interface MissingVariable {
  variable: string;
  count: number;
  /** The contacts concerned (the first 1,000). */
  external_ids: string[];
}

export interface InvalidValue {
  external_id: string;
  message: string;
}

export interface RecipientProblems {
  total: number;
  missing: MissingVariable[];
  invalid: InvalidValue[];
}

const LISTED_IDS = 1000;

/** Variables rendered unconditionally by any part: checked on the data directly, all at once. */
export function requiredVariables(parts: CompiledText[]): string[] {
  const paths = new Set<string>();
  for (const part of parts) for (const use of part.analysis.variables) if (use.required) paths.add(use.path);
  return [...paths];
}

export class RecipientProblemCollector {
  private readonly missing = new Map<string, MissingVariable>();
  private readonly invalid: InvalidValue[] = [];
  private total = 0;

  constructor(private readonly required: string[]) {}

  /** Checks one recipient: required variables first, then whatever `render` throws. */
  check<T>(recipient: Recipient, render: () => T): T | undefined {
    this.total++;
    const absent = this.required.filter((path) => !hasValue(recipient.data, path));
    for (const path of absent) this.addMissing(path, recipient.external_id);
    try {
      const result = render();
      return absent.length ? undefined : result;
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      if (error.kind === 'invalid') this.invalid.push({ external_id: recipient.external_id, message: error.message });
      else if (!absent.includes(error.variable ?? '')) this.addMissing(error.variable ?? '(unknown)', recipient.external_id);
      return undefined;
    }
  }

  private addMissing(variable: string, externalId: string): void {
    let entry = this.missing.get(variable);
    if (!entry) {
      entry = { variable, count: 0, external_ids: [] };
      this.missing.set(variable, entry);
    }
    entry.count++;
    if (entry.external_ids.length < LISTED_IDS) entry.external_ids.push(externalId);
  }

  get hasProblems(): boolean {
    return this.missing.size > 0 || this.invalid.length > 0;
  }

  result(): RecipientProblems {
    return { total: this.total, missing: [...this.missing.values()].sort((a, b) => b.count - a.count || a.variable.localeCompare(b.variable)), invalid: this.invalid };
  }
}

function ids(list: string[], count: number): string {
  const shown = list.slice(0, 10).join(', ');
  return count > 10 ? `${shown}, … ${count - 10} more` : shown;
}

/** One error for the whole audience: each variable, how many contacts lack it, and which. */
export function recipientProblemsError(reference: string, problems: RecipientProblems): DomainError {
  const missing = problems.missing.map(
    (entry) => `{{${entry.variable}}} has no value for ${entry.count} of ${problems.total} contact${problems.total > 1 ? 's' : ''} (${ids(entry.external_ids, entry.count)})`,
  );
  const invalid = problems.invalid.slice(0, 3).map((entry) => `${entry.external_id}: ${entry.message}`);
  const more = problems.invalid.length > 3 ? [`${problems.invalid.length - 3} more invalid values`] : [];
  const hint = problems.missing.length ? ' — complete the contacts or give a default, e.g. {{default first_name "cher client"}}' : '';
  return DomainError.invalid('templates.missing_variable', `${reference}: ${[...missing, ...invalid, ...more].join('; ')}${hint}`, {
    fields: [
      ...problems.missing.map((entry) => ({ field: entry.variable, reason: `no value for ${entry.count} of ${problems.total} contacts` })),
      ...problems.invalid.slice(0, 100).map((entry) => ({ field: entry.external_id, reason: entry.message })),
    ],
    missing: problems.missing,
  });
}
