/**
 * The e-mail editor's code editor (/modeles/:id/email), bundled apart from console.js and loaded
 * by that page only: CodeMirror 6 over the page's `<textarea data-email-editor>` (which still
 * saves without script), MJML highlighted as XML, merge fields completed after `{{` from the list
 * the server put in `data-merge-fields` (each with its sample value), and the MJML problems of the
 * last check marked on their line.
 *
 * The editor lives in a shadow root: CodeMirror then styles it with constructed style sheets
 * (adoptedStyleSheets) instead of a <style> element, which the console's CSP refuses.
 */
import { autocompletion, type Completion, type CompletionContext } from '@codemirror/autocomplete';
import { xml } from '@codemirror/lang-xml';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';

interface MergeField {
  label: string;
  detail: string;
  group: string;
}

function fieldsOf(textarea: HTMLTextAreaElement): MergeField[] {
  try {
    const parsed: unknown = JSON.parse(textarea.dataset.mergeFields ?? '[]');
    return Array.isArray(parsed) ? (parsed as MergeField[]).filter((field) => typeof field?.label === 'string') : [];
  } catch {
    return [];
  }
}

/** After `{{` (or `{{#`, `{{/`): the fields, inserted with their closing `}}` unless it is already there. */
function mergeFieldSource(fields: MergeField[]) {
  return (context: CompletionContext) => {
    const before = context.matchBefore(/\{\{[#/]?[\w.]*$/);
    if (!before) return null;
    const from = before.from + (/^\{\{[#/]/.test(before.text) ? 3 : 2);
    const options: Completion[] = fields.map((field) => ({
      label: field.label,
      detail: field.detail,
      section: field.group,
      type: field.group === 'Fonctions' ? 'function' : 'variable',
      apply: (view, _completion, start, end) => {
        const closed = view.state.sliceDoc(end, end + 2) === '}}';
        const insert = field.label.endsWith(' ') || closed ? field.label : `${field.label}}}`;
        view.dispatch({
          changes: { from: start, to: end, insert },
          selection: { anchor: start + insert.length },
        });
      },
    }));
    return { from, options, validFor: /^[\w.]*$/ };
  };
}

/** The MJML problems the last check listed (`li[data-line]`), as diagnostics on their lines. */
function problems(view: EditorView): Diagnostic[] {
  const items = document.querySelectorAll<HTMLElement>('[data-mjml-problems] li[data-line]');
  const diagnostics: Diagnostic[] = [];
  items.forEach((item) => {
    const number = Number(item.dataset.line);
    if (!Number.isInteger(number) || number < 1 || number > view.state.doc.lines) return;
    const line = view.state.doc.line(number);
    diagnostics.push({
      from: line.from,
      to: line.to,
      severity: item.dataset.severity === 'error' ? 'error' : 'warning',
      message: item.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    });
  });
  return diagnostics;
}

function mount(textarea: HTMLTextAreaElement): void {
  const host = document.createElement('div');
  host.className = 'code-editor';
  textarea.insertAdjacentElement('afterend', host);
  const root = host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    doc: textarea.value,
    root,
    parent: root,
    extensions: [
      basicSetup,
      xml(),
      autocompletion({ override: [mergeFieldSource(fieldsOf(textarea))] }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Source MJML et Handlebars', spellcheck: 'false' }),
      // No inner scrolling (the page scrolls), and no tinted active line: every token keeps its contrast.
      EditorView.theme({ '&': { border: '1px solid #cbd2d9' }, '.cm-activeLine': { backgroundColor: 'transparent' } }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    ],
  });
  textarea.hidden = true;
  host.dataset.ready = 'true';
  const mark = () => view.dispatch(setDiagnostics(view.state, problems(view)));
  mark();
  document.body.addEventListener('htmx:afterSwap', mark);
}

/** A check that finds MJML problems answers 422 with its findings: they replace the panel all the same. */
document.body.addEventListener('htmx:beforeSwap', (event) => {
  const detail = (event as CustomEvent<{ xhr: XMLHttpRequest; target: Element; shouldSwap: boolean; isError: boolean }>)
    .detail;
  if (detail.xhr.status === 422 && detail.target.id === 'verification') {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});

document.querySelectorAll<HTMLTextAreaElement>('textarea[data-email-editor]').forEach(mount);
