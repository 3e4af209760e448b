import type { HelperOptions } from 'handlebars';

/** A helper received no value (or an unusable one) for one of its arguments. */
export class HelperArgumentError extends Error {
  constructor(
    readonly helper: string,
    /** 0-based index of the offending positional argument. */
    readonly argument: number,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly missing: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'HelperArgumentError';
  }

  static missing(helper: string, argument: number, options: HelperOptions): HelperArgumentError {
    const start = (options as HelperOptions & { loc?: { start: { line: number; column: number } } }).loc?.start;
    return new HelperArgumentError(helper, argument, start?.line, start?.column, true, `{{${helper}}} has no value`);
  }

  static invalid(helper: string, argument: number, options: HelperOptions, reason: string): HelperArgumentError {
    const start = (options as HelperOptions & { loc?: { start: { line: number; column: number } } }).loc?.start;
    return new HelperArgumentError(helper, argument, start?.line, start?.column, false, `{{${helper}}}: ${reason}`);
  }
}
