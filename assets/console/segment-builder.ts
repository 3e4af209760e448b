/**
 * The visual rule builder of /segments/nouveau and /segments/:id: a progressive enhancement of
 * the form's JSON field (which works alone, without JavaScript). The builder and the JSON follow
 * each other; every change asks the server for the live count (debounced), whose answer carries
 * the validator's messages, put next to the condition each one names.
 */
import {
  modelToRules,
  nodeForProblem,
  nodePaths,
  rulesToModel,
  type GroupKind,
  type ModelCondition,
  type ModelGroup,
  type ModelNode,
} from './segment-model';
import { valueEditor } from './segment-values';
import {
  defaultValue,
  fieldOf,
  fieldSelect,
  labelled,
  operatorSelect,
  option,
  type CatalogueField,
} from './segment-widgets';

const DEBOUNCE_MS = 400;
const GROUP_LABELS: Array<[GroupKind, string]> = [
  ['all', 'toutes ces conditions'],
  ['any', 'au moins une de ces conditions'],
  ['none', 'aucune de ces conditions'],
  ['not', 'il est faux que (une seule condition ou un seul groupe)'],
];

interface Builder {
  fields: CatalogueField[];
  container: HTMLElement;
  json: HTMLTextAreaElement;
  preview: HTMLElement;
  model: ModelGroup;
  elements: Map<ModelNode, HTMLElement>;
  timer?: number;
  sequence: number;
}

function button(text: string, action: () => void, className = 'secondary'): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = text;
  element.addEventListener('click', action);
  return element;
}

function newCondition(builder: Builder): ModelCondition {
  const field = builder.fields[0];
  const op = field.operators[0];
  const condition: ModelCondition = { kind: 'condition', field: field.field, op };
  const value = defaultValue(field, op);
  if (value !== undefined) condition.value = value;
  return condition;
}

function renderCondition(builder: Builder, condition: ModelCondition, remove: () => void): HTMLElement {
  const item = document.createElement('li');
  item.className = 'rule-condition';
  const field = fieldOf(builder.fields, condition);
  const fields = fieldSelect(builder.fields, field);
  fields.addEventListener('change', () => {
    const chosen = builder.fields.find((candidate) => candidate.field === fields.value) ?? field;
    Object.assign(condition, { field: chosen.field, op: chosen.operators[0] });
    delete condition.window_days;
    delete condition.currency;
    setValue(condition, defaultValue(chosen, condition.op));
    changed(builder, true);
  });
  const operators = operatorSelect(field, condition.op);
  operators.addEventListener('change', () => {
    condition.op = operators.value;
    setValue(condition, defaultValue(field, condition.op));
    changed(builder, true);
  });
  item.append(
    labelled('Champ', fields),
    labelled('Opérateur', operators),
    ...valueEditor(field, condition, () => changed(builder, false)),
    button('Retirer la condition', remove, 'link'),
  );
  builder.elements.set(condition, item);
  return item;
}

function setValue(condition: ModelCondition, value: unknown): void {
  if (value === undefined) delete condition.value;
  else condition.value = value;
}

function renderGroup(builder: Builder, group: ModelGroup, remove?: () => void): HTMLElement {
  const box = document.createElement('fieldset');
  box.className = 'rule-group';
  const legend = document.createElement('legend');
  const kind = document.createElement('select');
  for (const [value, text] of GROUP_LABELS) kind.append(option(value, text, value === group.group));
  kind.addEventListener('change', () => {
    group.group = kind.value as GroupKind;
    changed(builder, false);
  });
  legend.append(labelled('Les clients qui remplissent', kind, 'rule-group-kind'));
  const list = document.createElement('ol');
  list.className = 'rule-children';
  group.children.forEach((child, index) => {
    const drop = () => {
      group.children.splice(index, 1);
      changed(builder, true);
    };
    list.append(
      child.kind === 'group'
        ? Object.assign(document.createElement('li'), { className: 'rule-nested' })
        : renderCondition(builder, child, drop),
    );
    if (child.kind === 'group') list.lastElementChild!.append(renderGroup(builder, child, drop));
  });
  const actions = document.createElement('p');
  actions.className = 'rule-actions';
  actions.append(
    button('Ajouter une condition', () => {
      group.children.push(newCondition(builder));
      changed(builder, true);
    }),
    button('Ajouter un groupe', () => {
      group.children.push({ kind: 'group', group: 'any', children: [newCondition(builder)] });
      changed(builder, true);
    }),
  );
  if (remove) actions.append(button('Retirer le groupe', remove, 'link'));
  box.append(legend, list, actions);
  builder.elements.set(group, box);
  return box;
}

function render(builder: Builder): void {
  builder.elements.clear();
  builder.container.replaceChildren(renderGroup(builder, builder.model));
}

/** The model changed: the JSON follows, the count is asked again; `structure` re-draws the builder. */
function changed(builder: Builder, structure: boolean): void {
  builder.json.value = JSON.stringify(modelToRules(builder.model), null, 2);
  if (structure) render(builder);
  schedulePreview(builder);
}

function schedulePreview(builder: Builder): void {
  window.clearTimeout(builder.timer);
  builder.timer = window.setTimeout(() => void refreshPreview(builder), DEBOUNCE_MS);
}

function csrfToken(form: HTMLFormElement | null): string {
  return form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
}

async function refreshPreview(builder: Builder): Promise<void> {
  const sequence = ++builder.sequence;
  builder.preview.setAttribute('aria-busy', 'true');
  let html: string | undefined;
  let failure: string | undefined;
  try {
    const response = await fetch('/segments/apercu', {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken(builder.json.form), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rules: builder.json.value }),
      credentials: 'same-origin',
    });
    // 400 is the validator's answer (a fragment); anything else but 200 is a refusal or a fault: a whole page, not shown here.
    if (response.ok || response.status === 400) html = await response.text();
    else failure = `Aperçu indisponible (erreur ${response.status}) : rechargez la page.`;
  } catch {
    failure = 'Aperçu indisponible : le serveur ne répond pas.';
  }
  if (sequence !== builder.sequence) return;
  builder.preview.removeAttribute('aria-busy');
  if (html === undefined) {
    const note = document.createElement('p');
    note.className = 'alert';
    note.textContent = failure ?? '';
    builder.preview.replaceChildren(note);
    return;
  }
  // A fragment of relance's own templates (escaped by Handlebars), as htmx would swap it.
  builder.preview.innerHTML = html;
  placeProblems(builder);
}

/** Each message of the validator, also shown next to the condition (or group) its path names. */
function placeProblems(builder: Builder): void {
  builder.container.querySelectorAll('.rule-problem').forEach((element) => element.remove());
  const paths = nodePaths(builder.model);
  builder.preview.querySelectorAll<HTMLElement>('[data-problem-path]').forEach((problem) => {
    const node = nodeForProblem(paths, problem.dataset.problemPath ?? '');
    const element = node && builder.elements.get(node);
    if (!element) return;
    const note = document.createElement('p');
    note.className = 'rule-problem';
    note.textContent = problem.textContent ?? '';
    if (node.kind === 'group') element.querySelector(':scope > .rule-actions')?.before(note);
    else element.append(note);
  });
}

/** The JSON was typed or pasted: the builder takes it when it can hold it, and says why not otherwise. */
function fromJson(builder: Builder, status: HTMLElement): void {
  try {
    builder.model = rulesToModel(JSON.parse(builder.json.value));
    status.textContent = '';
    render(builder);
  } catch (error) {
    status.textContent = `Le constructeur ne peut pas reprendre ce JSON : ${(error as Error).message}`;
  }
  schedulePreview(builder);
}

export function wireSegmentBuilder(root: ParentNode): void {
  const container = root.querySelector<HTMLElement>('[data-segment-builder]');
  const json = document.getElementById('segment-rules') as HTMLTextAreaElement | null;
  const preview = document.querySelector<HTMLElement>('[data-segment-preview]');
  if (!container || !json || !preview || container.dataset.wired) return;
  container.dataset.wired = 'true';
  const { fields } = JSON.parse(container.dataset.catalogue ?? '{"fields":[]}') as { fields: CatalogueField[] };
  const status = document.createElement('p');
  status.className = 'rule-status';
  status.setAttribute('role', 'status');
  const builder: Builder = {
    fields,
    container,
    json,
    preview,
    model: { kind: 'group', group: 'all', children: [] },
    elements: new Map(),
    sequence: 0,
  };
  container.hidden = false;
  container.after(status);
  json.addEventListener('input', () => fromJson(builder, status));
  fromJson(builder, status);
  // The same rules, keys in the contract's order (a stored segment comes back from jsonb in another).
  if (!status.textContent) json.value = JSON.stringify(modelToRules(builder.model), null, 2);
  window.clearTimeout(builder.timer);
  placeProblems(builder);
}
