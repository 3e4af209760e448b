import { DomainError } from '../../core/errors/domain-error';
import type { TextField } from '../source/template-definition';
import { compileTemplate, parseTemplate, type OutputMode } from './handlebars-environment';
import { HelperArgumentError } from './helper-errors';
import { analyseTemplate, locationKey, type TemplateAnalysis } from './template-analysis';

/**
 * One Handlebars text of a template (the body, the subject, a coupon option…), compiled once,
 * with errors mapped back to the template file: where (line) and which variable.
 */
export interface CompiledText {
  /** Which part of the template: `body`, `subject`, `coupon.options.1`… */
  part: string;
  source: TextField;
  analysis: TemplateAnalysis;
  render(data: unknown, runtimeData?: Record<string, unknown>): string;
}

/** Why one recipient's message could not be rendered. Collected per recipient, reported in bulk. */
export class RenderError extends Error {
  constructor(
    readonly kind: 'missing' | 'invalid',
    /** The variable, as written in the template (e.g. `attr.points`). */
    readonly variable: string | undefined,
    readonly reference: string,
    readonly part: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

export function fileLine(source: TextField, line: number | undefined): number | undefined {
  if (source.origin === 'generated' || line === undefined) return undefined;
  return source.line + line - 1;
}

/** `templates/letters/x.hbs, line 12 (ps)`: where a problem is, as precisely as the source allows. */
export function where(reference: string, part: string, source: TextField, line: number | undefined): string {
  if (source.origin === 'defaults') return `${reference} (${part}, from the channel's _defaults.yml)`;
  return line === undefined ? `${reference} (${part})` : `${reference}, line ${line} (${part})`;
}

function syntaxError(reference: string, part: string, source: TextField, error: Error): DomainError {
  const message = error.message;
  const parse = /Parse error on line (\d+):[\s\S]*\n(Expecting [^\n]*|[^\n]+)$/.exec(message);
  const positioned = / - (\d+):(\d+)$/.exec(message);
  const hbLine = parse ? Number(parse[1]) : positioned ? Number(positioned[1]) : undefined;
  const reason = parse
    ? `syntax error: ${parse[2].replace(/'(OPEN|CLOSE|CONTENT|COMMENT|EOF|ID|INVERSE)[A-Z_]*'/g, (token) => token.toLowerCase()).slice(0, 160)}`
    : message.replace(/ - \d+:\d+$/, '').replace('You specified knownHelpersOnly, but used the unknown helper', 'unknown helper');
  const line = fileLine(source, hbLine);
  return DomainError.invalid('templates.syntax', `${where(reference, part, source, line)}: ${reason}`, { fields: [{ field: part, line, reason }] });
}

/**
 * A raw output the raw root cannot serve though the merge data has the value: it is not the
 * operator's (an automation's trigger or event set it), so it is never printed raw (raw-output.ts).
 */
function rawFromTrigger(analysis: TemplateAnalysis, data: unknown, line: number, column: number): string | undefined {
  const output = analysis.rawOutputs.find((raw) => raw.path && raw.line === line && raw.column === column);
  if (!output?.path || !hasValue(data, output.path)) return undefined;
  return `${output.expression} prints raw only what the campaign or automation itself gives, and this message's ${output.path} comes from its trigger or event: write {{${output.path}}} to print it escaped`;
}

/** Maps what Handlebars or a helper threw while rendering to a RenderError naming the variable. */
function renderError(reference: string, part: string, source: TextField, analysis: TemplateAnalysis, data: unknown, error: unknown): unknown {
  if (error instanceof HelperArgumentError) {
    const variable = error.line === undefined ? undefined : analysis.argumentsAt.get(locationKey(error.line, error.column ?? 0))?.[error.argument];
    const line = fileLine(source, error.line);
    const message = error.missing
      ? `${where(reference, part, source, line)}: {{${variable ?? error.helper}}} has no value`
      : `${where(reference, part, source, line)}: ${error.message}${variable ? ` (from ${variable})` : ''}`;
    return new RenderError(error.missing ? 'missing' : 'invalid', variable, reference, part, line, message);
  }
  const strict = /^"(.+)" not defined in .* - (\d+):(\d+)$/s.exec((error as Error)?.message ?? '');
  if (strict) {
    const variable = analysis.pathAt.get(locationKey(Number(strict[2]), Number(strict[3]))) ?? strict[1];
    const line = fileLine(source, Number(strict[2]));
    const raw = rawFromTrigger(analysis, data, Number(strict[2]), Number(strict[3]));
    if (raw) return new RenderError('invalid', variable, reference, part, line, `${where(reference, part, source, line)}: ${raw}`);
    return new RenderError('missing', variable, reference, part, line, `${where(reference, part, source, line)}: {{${variable}}} has no value`);
  }
  // Strict lookups use `in`, which throws on text: `{{first_name.x}}` when first_name is a string.
  const throughText = /^Cannot use 'in' operator to search for '(.+)' in /.exec((error as Error)?.message ?? '');
  if (error instanceof TypeError && throughText) {
    return new RenderError('invalid', undefined, reference, part, undefined, `${where(reference, part, source, undefined)}: ".${throughText[1]}" is looked up inside a value that is not an object`);
  }
  return error;
}

export function compileText(reference: string, part: string, source: TextField, mode: OutputMode): CompiledText {
  let program: hbs.AST.Program;
  let template;
  try {
    program = parseTemplate(source.text);
    template = compileTemplate(program, mode);
  } catch (error) {
    throw syntaxError(reference, part, source, error as Error);
  }
  const analysis = analyseTemplate(program);
  return {
    part,
    source,
    analysis,
    render(data, runtimeData) {
      try {
        return template(data, runtimeData);
      } catch (error) {
        throw renderError(reference, part, source, analysis, data, error);
      }
    },
  };
}

/** Whether a dotted path has a non-empty value in the data (what strict rendering needs). */
export function hasValue(data: unknown, path: string): boolean {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return false;
    current = (current as Record<string, unknown>)[segment];
  }
  return current !== undefined && current !== null && current !== '';
}
