/**
 * The console's one script, bundled by esbuild at build time (scripts/build-console-assets.mjs)
 * from npm packages: htmx for partial updates, Chart.js for charts. No inline script anywhere
 * (the CSP forbids it): htmx is configured by <meta name="htmx-config">, and a chart reads its
 * figures from its canvas's `data-chart` attribute, the same figures as the table beside it.
 */
import htmx from 'htmx.org';
import { Chart } from 'chart.js/auto';
import { wireSegmentBuilder } from './segment-builder';
import { wireAutomationForm } from './automation-form';
import { wireCampaignWizard } from './campaign-wizard';

declare global {
  interface Window {
    htmx: typeof htmx;
  }
}

window.htmx = htmx;

interface ChartSpecification {
  type: 'line' | 'bar' | 'doughnut';
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
}

const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0f766e'];

/** The chart the server described in `data-chart`; undefined when the attribute is not one. */
function chartSpecificationOf(canvas: HTMLCanvasElement): ChartSpecification | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(canvas.dataset.chart ?? '');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Partial<ChartSpecification>;
  return typeof candidate.type === 'string' && Array.isArray(candidate.labels) && Array.isArray(candidate.datasets)
    ? (candidate as ChartSpecification)
    : undefined;
}

function drawCharts(root: ParentNode): void {
  root.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]').forEach((canvas) => {
    if (Chart.getChart(canvas)) return;
    const specification = chartSpecificationOf(canvas);
    if (!specification) return;
    new Chart(canvas, {
      type: specification.type,
      data: {
        labels: specification.labels,
        datasets: specification.datasets.map((dataset, index) => ({
          ...dataset,
          backgroundColor: PALETTE[index % PALETTE.length],
          borderColor: PALETTE[index % PALETTE.length],
        })),
      },
      options: { responsive: true, animation: false, locale: 'fr-FR' },
    });
  });
}

/** A button with `data-toggle-table="<id>"` shows or hides the table that carries a chart's figures. */
function wireToggles(root: ParentNode): void {
  root.querySelectorAll<HTMLButtonElement>('button[data-toggle-table]').forEach((button) => {
    if (button.dataset.wired) return;
    button.dataset.wired = 'true';
    button.addEventListener('click', () => {
      const table = document.getElementById(button.dataset.toggleTable ?? '');
      if (!table) return;
      table.hidden = !table.hidden;
      button.setAttribute('aria-expanded', String(!table.hidden));
    });
  });
}

/** A form with `data-confirm="…"` asks before it is sent (pause, cancel, revoke). */
function wireConfirmations(root: ParentNode): void {
  root.querySelectorAll<HTMLFormElement>('form[data-confirm]').forEach((form) => {
    if (form.dataset.wired) return;
    form.dataset.wired = 'true';
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm ?? '')) event.preventDefault();
    });
  });
}

/** The text field of a `[data-merge-target]` form last focused: where a merge field goes. */
let mergeTarget: HTMLInputElement | HTMLTextAreaElement | undefined;
document.addEventListener('focusin', (event) => {
  const field = event.target;
  if (
    (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) &&
    field.closest('form[data-merge-target]')
  )
    mergeTarget = field;
});

/** A button with `data-insert="{{first_name}}"` puts its text at the caret of the letter's last focused field. */
function wireMergeFields(root: ParentNode): void {
  root.querySelectorAll<HTMLButtonElement>('button[data-insert]').forEach((button) => {
    if (button.dataset.wired) return;
    button.dataset.wired = 'true';
    button.addEventListener('click', () => {
      const field = mergeTarget ?? document.querySelector<HTMLTextAreaElement>('form[data-merge-target] textarea');
      if (!field) return;
      const text = button.dataset.insert ?? '';
      const start = field.selectionStart ?? field.value.length;
      field.setRangeText(text, start, field.selectionEnd ?? start, 'end');
      field.focus();
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });
}

/** `<input type="file" data-file-into="<textarea id>">`: the chosen file's text goes into the textarea (nothing is uploaded). */
function wireFileInputs(root: ParentNode): void {
  root.querySelectorAll<HTMLInputElement>('input[type=file][data-file-into]').forEach((input) => {
    if (input.dataset.wired) return;
    input.dataset.wired = 'true';
    input.addEventListener('change', () => {
      const target = document.getElementById(input.dataset.fileInto ?? '');
      const file = input.files?.[0];
      if (!(target instanceof HTMLTextAreaElement) || !file) return;
      void file.text().then((text) => {
        target.value = text;
      });
    });
  });
}

function enhance(root: ParentNode): void {
  drawCharts(root);
  wireToggles(root);
  wireConfirmations(root);
  wireMergeFields(root);
  wireFileInputs(root);
  wireSegmentBuilder(root);
  wireAutomationForm(root);
  wireCampaignWizard(root);
}

document.addEventListener('DOMContentLoaded', () => enhance(document));
document.body?.addEventListener('htmx:afterSwap', (event) => enhance((event.target as Element) ?? document));
