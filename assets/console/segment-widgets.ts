/**
 * The rule builder's widgets for one condition: the field menu (from the catalogue), the operators
 * that fit the field's type, and the value inputs that fit the operator (a calendar for dates, the
 * known values of a list, two inputs for `between`, a day count for "dans les N derniers jours").
 * Each widget writes the condition's value as the rule JSON wants it.
 */
import type { ModelCondition } from './segment-model';

export interface CatalogueField {
  field: string;
  label: string;
  group: string;
  type: 'text' | 'number' | 'date' | 'instant' | 'boolean' | 'enum';
  operators: string[];
  values?: string[];
  valueLabels?: Record<string, string>;
  windowed?: boolean;
  monetary?: boolean;
}

const ALL_OPERATORS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'starts_with'];
const NULLS = ['is_null', 'not_null'];
const DAYS = ['within_last_days', 'within_next_days', 'anniversary_within_days'];

const OPERATOR_LABELS: Record<string, string> = {
  eq: 'est égal à',
  neq: 'est différent de',
  in: "est l'une de ces valeurs",
  nin: "n'est aucune de ces valeurs",
  gt: 'est supérieur à',
  gte: 'est supérieur ou égal à',
  lt: 'est inférieur à',
  lte: 'est inférieur ou égal à',
  between: 'est entre',
  contains: 'contient',
  starts_with: 'commence par',
  is_null: "n'est pas renseigné",
  not_null: 'est renseigné',
  within_last_days: 'dans les N derniers jours',
  within_next_days: 'dans les N prochains jours',
  anniversary_within_days: 'anniversaire dans les N prochains jours',
};
const DATE_LABELS: Record<string, string> = {
  eq: 'est le',
  neq: "n'est pas le",
  gt: 'est après le',
  gte: 'est le ou après le',
  lt: 'est avant le',
  lte: 'est le ou avant le',
  between: 'est entre le',
};

/** The catalogue's entry, or one guessed for a field pasted in the JSON that the catalogue does not list. */
export function fieldOf(fields: CatalogueField[], condition: ModelCondition): CatalogueField {
  const known = fields.find((field) => field.field === condition.field);
  if (known) return known;
  const sample: unknown = Array.isArray(condition.value) ? (condition.value as unknown[])[0] : condition.value;
  const type =
    typeof sample === 'number'
      ? 'number'
      : typeof sample === 'boolean'
        ? 'boolean'
        : typeof sample === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(sample)
          ? 'date'
          : 'text';
  const operators = type === 'date' ? [...ALL_OPERATORS, ...NULLS, ...DAYS] : [...ALL_OPERATORS, ...NULLS];
  return { field: condition.field, label: condition.field, group: 'Autres', type, operators };
}

/** A known value in words (the catalogue's French label), or as written. */
export function valueLabel(field: CatalogueField, value: string): string {
  return field.valueLabels && Object.hasOwn(field.valueLabels, value) ? field.valueLabels[value] : value;
}

export function defaultScalar(field: CatalogueField): unknown {
  if (field.values?.length) return field.values[0];
  if (field.type === 'boolean') return true;
  if (field.type === 'number') return 0;
  if (field.type === 'date' || field.type === 'instant') return new Date().toISOString().slice(0, 10);
  return '';
}

/** The value a condition gets when its field or operator changes. */
export function defaultValue(field: CatalogueField, op: string): unknown {
  if (NULLS.includes(op)) return undefined;
  if (DAYS.includes(op)) return 30;
  if (op === 'in' || op === 'nin') return [defaultScalar(field)];
  if (op === 'between') return [defaultScalar(field), defaultScalar(field)];
  return defaultScalar(field);
}

let counter = 0;
const uid = (prefix: string) => `${prefix}-${++counter}`;

/** `<label>` + control, side by side. */
export function labelled(text: string, control: HTMLElement, className = 'rule-part'): HTMLElement {
  const wrapper = document.createElement('span');
  wrapper.className = className;
  const label = document.createElement('label');
  const target = controlOf(control);
  target.id ||= uid('regle');
  label.htmlFor = target.id;
  label.textContent = text;
  wrapper.append(label, control);
  return wrapper;
}

export function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  element.selected = selected;
  return element;
}

export function fieldSelect(fields: CatalogueField[], current: CatalogueField): HTMLSelectElement {
  const select = document.createElement('select');
  const all = fields.includes(current) ? fields : [...fields, current];
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const field of all) {
    let group = groups.get(field.group);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = field.group;
      groups.set(field.group, group);
      select.append(group);
    }
    group.append(option(field.field, field.label, field === current));
  }
  return select;
}

export function operatorSelect(field: CatalogueField, op: string): HTMLSelectElement {
  const select = document.createElement('select');
  const operators = field.operators.includes(op) ? field.operators : [...field.operators, op];
  const dated = field.type === 'date' || field.type === 'instant';
  for (const name of operators)
    select.append(option(name, (dated ? DATE_LABELS[name] : undefined) ?? OPERATOR_LABELS[name] ?? name, name === op));
  return select;
}

/** One scalar input of the field's type; `write` gets the JSON value (null when the input is empty). */
export function scalarInput(field: CatalogueField, value: unknown, write: (value: unknown) => void): HTMLElement {
  if (field.type === 'enum' || field.type === 'boolean') {
    const select = document.createElement('select');
    const choices: Array<[string, unknown, string]> =
      field.type === 'boolean'
        ? [
            ['true', true, 'oui'],
            ['false', false, 'non'],
          ]
        : (field.values ?? []).map((known) => [known, known, valueLabel(field, known)]);
    for (const [key, , text] of choices)
      select.append(option(key, text, choices.find(([k]) => k === key)![1] === value));
    select.addEventListener('change', () => write(choices.find(([key]) => key === select.value)?.[1] ?? null));
    return select;
  }
  const input = document.createElement('input');
  if (field.type === 'number') {
    input.type = 'number';
    input.step = 'any';
    input.value = typeof value === 'number' ? String(value) : '';
    input.addEventListener('input', () => write(input.value === '' ? null : Number(input.value)));
    return input;
  }
  input.type = field.type === 'text' ? 'text' : 'date';
  input.value = typeof value === 'string' ? value : '';
  if (field.type === 'text' && field.values?.length) {
    const list = document.createElement('datalist');
    list.id = uid('valeurs');
    for (const known of field.values) list.append(option(known, known, false));
    input.setAttribute('list', list.id);
    input.after(list);
    const wrapper = document.createElement('span');
    wrapper.append(input, list);
    input.addEventListener('input', () => write(input.value));
    return Object.assign(wrapper, { control: input });
  }
  input.addEventListener('input', () => write(input.value === '' && field.type !== 'text' ? null : input.value));
  return input;
}

/** The control a label points at: the input itself, or the input inside a datalist wrapper. */
export function controlOf(element: HTMLElement): HTMLElement {
  return (element as HTMLElement & { control?: HTMLElement }).control ?? element;
}

export const OPERATOR_KINDS = { NULLS, DAYS };
