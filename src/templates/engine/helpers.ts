import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DATE_STYLES, formatCalendarDate, formatDate, formatMoney, formatPlural, isCalendarDate, parseDateValue, salutationFor, upperFrench, type DateStyle } from './french-format';
import { HelperArgumentError } from './helper-errors';

/** The only helpers a template may call (besides the built-in if, unless, each, with). */
export const TEMPLATE_HELPERS = ['salutation', 'date', 'money', 'plural', 'upper', 'default', 'if_eq'] as const;
export const BUILT_IN_BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;

/**
 * Positional arguments that must carry a value: a missing one is a missing variable, reported
 * like `{{first_name}}` would be. (`default` and `if_eq` exist precisely to accept missing values.)
 */
export const REQUIRED_HELPER_ARGUMENTS: Record<string, number[]> = { date: [0], money: [0], plural: [0], upper: [0] };

type Root = Record<string, unknown>;

function root(options: HelperOptions): Root {
  return ((options.data as { root?: Root } | undefined)?.root ?? {});
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(?:[.,]\d+)?$/.test(value.trim())) return Number(value.trim().replace(',', '.'));
  return undefined;
}

/*
 * Handlebars passes the positional arguments, then an options object. The helpers read them from
 * `arguments` rather than rest parameters: they run for every merged value of every recipient.
 */
/* eslint-disable prefer-rest-params -- `arguments` on purpose, see above */
function optionsOf(args: IArguments): HelperOptions {
  return args[args.length - 1] as HelperOptions;
}

function salutation(this: unknown): string {
  const options = optionsOf(arguments);
  if (arguments.length > 1) return salutationFor(arguments[0]);
  const context = (this && typeof this === 'object' ? this : {}) as Root;
  return salutationFor('civility' in context ? context.civility : root(options).civility);
}

function date(value: unknown): string {
  const options = optionsOf(arguments);
  const style: unknown = arguments.length > 2 ? arguments[1] : 'long';
  if (isMissing(value)) throw HelperArgumentError.missing('date', 0, options);
  if (!DATE_STYLES.includes(style as DateStyle)) {
    throw HelperArgumentError.invalid('date', 1, options, `unknown style "${String(style)}" (use ${DATE_STYLES.join(', ')})`);
  }
  if (typeof value === 'string' && isCalendarDate(value)) return formatCalendarDate(value, style as DateStyle);
  const parsed = parseDateValue(value);
  if (!parsed) throw HelperArgumentError.invalid('date', 0, options, `"${String(value)}" is not a date (expected YYYY-MM-DD)`);
  const timeZone = typeof root(options).timezone === 'string' ? (root(options).timezone as string) : undefined;
  return formatDate(parsed.date, style as DateStyle, { dateOnly: parsed.dateOnly, timeZone });
}

function money(value: unknown): string {
  const options = optionsOf(arguments);
  const explicitCurrency: unknown = arguments.length > 2 ? arguments[1] : undefined;
  if (isMissing(value)) throw HelperArgumentError.missing('money', 0, options);
  const amount = toNumber(value);
  if (amount === undefined) throw HelperArgumentError.invalid('money', 0, options, `"${String(value)}" is not an amount`);
  const currency = isMissing(explicitCurrency) ? root(options).currency : explicitCurrency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw HelperArgumentError.invalid('money', 1, options, `"${String(currency)}" is not a currency code (MAD, EUR)`);
  }
  const locale = typeof root(options).locale === 'string' ? (root(options).locale as string) : undefined;
  return formatMoney(amount, currency, locale);
}

function plural(value: unknown, singular: unknown, pluralForm: unknown): string {
  const options = optionsOf(arguments);
  if (isMissing(value)) throw HelperArgumentError.missing('plural', 0, options);
  const count = toNumber(value);
  if (count === undefined) throw HelperArgumentError.invalid('plural', 0, options, `"${String(value)}" is not a number`);
  if (arguments.length !== 4 || typeof singular !== 'string' || typeof pluralForm !== 'string') {
    throw HelperArgumentError.invalid('plural', 1, options, 'needs the singular and plural words, e.g. {{plural attr.points "point" "points"}}');
  }
  return formatPlural(count, singular, pluralForm, (options.hash as { number?: unknown }).number !== false);
}

function upper(value: unknown): string {
  const options = optionsOf(arguments);
  if (arguments.length !== 2 || isMissing(value)) throw HelperArgumentError.missing('upper', 0, options);
  return upperFrench(String(value));
}

function defaultHelper(value: unknown, fallback: unknown): unknown {
  const options = optionsOf(arguments);
  if (arguments.length !== 3) throw HelperArgumentError.invalid('default', 1, options, 'needs a value and a fallback, e.g. {{default first_name "cher client"}}');
  return isMissing(value) ? fallback : value;
}

function ifEq(this: unknown, left: unknown, right: unknown): string {
  const options = optionsOf(arguments);
  const equal = left === right || (!isMissing(left) && !isMissing(right) && String(left) === String(right));
  return equal ? options.fn(this) : options.inverse(this);
}

export const HELPER_IMPLEMENTATIONS: Record<(typeof TEMPLATE_HELPERS)[number], HelperDelegate> = {
  salutation,
  date,
  money,
  plural,
  upper,
  default: defaultHelper,
  if_eq: ifEq,
} as Record<(typeof TEMPLATE_HELPERS)[number], HelperDelegate>;
