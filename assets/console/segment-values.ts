/**
 * The value part of a condition, by operator: nothing (is_null), a day count, a list (the known
 * values as check-boxes, or one value per line), a pair for `between`, or one input; plus the
 * purchase window and currency where the field takes them.
 */
import type { ModelCondition } from './segment-model';
import { labelled, OPERATOR_KINDS, scalarInput, valueLabel, type CatalogueField } from './segment-widgets';

type Change = () => void;

function dayInput(value: unknown, write: (value: unknown) => void): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.min = '0';
  input.step = '1';
  input.value = typeof value === 'number' ? String(value) : '';
  input.addEventListener('input', () => write(input.value === '' ? null : Number(input.value)));
  return input;
}

/** Typed from one line of a list: a number for a number field, the text otherwise. */
function scalarOf(field: CatalogueField, text: string): unknown {
  if (field.type === 'number') return text === '' || Number.isNaN(Number(text)) ? text : Number(text);
  if (field.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

function listEditor(field: CatalogueField, condition: ModelCondition, changed: Change): HTMLElement {
  const current: unknown[] = Array.isArray(condition.value) ? (condition.value as unknown[]) : [];
  if (field.values?.length) {
    const group = document.createElement('fieldset');
    group.className = 'rule-choices';
    const legend = document.createElement('legend');
    legend.textContent = 'Valeurs';
    group.append(legend);
    for (const known of field.values) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = known;
      box.checked = current.includes(known);
      box.addEventListener('change', () => {
        const checked = [...group.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
        // Kept in the catalogue's order, plus any pasted value the catalogue does not list.
        condition.value = [...checked, ...current.filter((value) => !field.values!.includes(String(value)))];
        changed();
      });
      group.append(labelled(valueLabel(field, known), box, 'rule-choice'));
    }
    return group;
  }
  const area = document.createElement('textarea');
  area.rows = Math.min(6, Math.max(2, current.length));
  area.value = current.map((value) => String(value)).join('\n');
  area.addEventListener('input', () => {
    condition.value = area.value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => scalarOf(field, line));
    changed();
  });
  return labelled('Valeurs (une par ligne)', area);
}

function pairEditor(field: CatalogueField, condition: ModelCondition, changed: Change): HTMLElement {
  const pair: unknown[] = Array.isArray(condition.value) ? [...(condition.value as unknown[])] : [null, null];
  const wrapper = document.createElement('span');
  wrapper.className = 'rule-pair';
  ['de', 'à'].forEach((text, index) => {
    const input = scalarInput(field, pair[index], (value) => {
      pair[index] = value;
      condition.value = [...pair];
      changed();
    });
    wrapper.append(labelled(text, input));
  });
  return wrapper;
}

function optionalNumber(text: string, value: number | undefined, write: (value: number | undefined) => void) {
  const input = document.createElement('input');
  input.type = 'number';
  input.min = '0';
  input.step = '1';
  input.value = value === undefined ? '' : String(value);
  input.addEventListener('input', () => write(input.value === '' ? undefined : Number(input.value)));
  return labelled(text, input);
}

/** The inputs after the operator. */
export function valueEditor(field: CatalogueField, condition: ModelCondition, changed: Change): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const write = (value: unknown) => {
    condition.value = value;
    changed();
  };
  if (OPERATOR_KINDS.DAYS.includes(condition.op))
    parts.push(labelled('Nombre de jours', dayInput(condition.value, write)));
  else if (condition.op === 'in' || condition.op === 'nin') parts.push(listEditor(field, condition, changed));
  else if (condition.op === 'between') parts.push(pairEditor(field, condition, changed));
  else if (!OPERATOR_KINDS.NULLS.includes(condition.op))
    parts.push(labelled('Valeur', scalarInput(field, condition.value, write)));
  if (field.windowed)
    parts.push(
      optionalNumber('sur les N derniers jours (vide : depuis toujours)', condition.window_days, (days) => {
        condition.window_days = days;
        changed();
      }),
    );
  if (field.monetary) {
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = 3;
    input.size = 4;
    input.value = condition.currency ?? '';
    input.addEventListener('input', () => {
      condition.currency = input.value.trim() ? input.value.trim().toUpperCase() : undefined;
      changed();
    });
    parts.push(labelled('Devise (vide : celle de la société)', input));
  }
  return parts;
}
