import { DomainError } from '../errors/domain-error';
import { validateInput } from '../http/validation';

/**
 * A command's options checked by the class the HTTP API validates the same operation with: one
 * validation per command, shared. Options arrive as text; `optionNames` maps a field to the option
 * that carries it, so a problem names what the user typed (`--delay (requested_delay_days): …`).
 */
export function commandInput<T extends object>(
  type: new () => T,
  values: Record<string, unknown>,
  code: string,
  optionNames: Record<string, string> = {},
): T {
  const defined = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  try {
    return validateInput(type, defined, code);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.details?.fields) throw error;
    const named = (field: string) => {
      const top = field.split('.')[0];
      return Object.hasOwn(optionNames, top) ? `${optionNames[top]} (${field})` : field;
    };
    const fields = error.details.fields.map((problem) => ({ ...problem, field: named(problem.field) }));
    throw DomainError.invalid(
      error.code,
      `invalid options: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`,
      { ...error.details, fields },
    );
  }
}

/**
 * An option given as text, as a number when it is written as one (`12`, `-3`, `4.50`); anything
 * else (`abc`, `1e3`, ``) is left as text for the validator to refuse by name, never turned into
 * a NaN that reaches SQL.
 */
export function numberOption(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(text) ? Number(text) : value;
}
