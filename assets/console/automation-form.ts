/**
 * The automation form (/automatisations/nouvelle, /automatisations/:id/modifier): only the settings
 * of the chosen trigger are shown, and each step's list of templates offers those of its channel.
 * Without JavaScript every setting shows and every template is listed; the server reads only the
 * chosen trigger's settings and refuses a template of another channel, naming the step.
 */
function showTriggerSettings(form: HTMLFormElement, type: string): void {
  form.querySelectorAll<HTMLElement>('[data-trigger-for]').forEach((block) => {
    block.hidden = !(block.dataset.triggerFor ?? '').split(' ').includes(type);
  });
}

function filterTemplates(form: HTMLFormElement, step: string, channel: string): void {
  const select = form.querySelector<HTMLSelectElement>(`select[data-step-template="${step}"]`);
  if (!select) return;
  select.querySelectorAll<HTMLOptGroupElement>('optgroup').forEach((group) => {
    const other = group.dataset.channel !== '' && group.dataset.channel !== channel;
    group.hidden = other;
    group.disabled = other;
  });
  const chosen = select.selectedOptions[0];
  if (chosen && (chosen.parentElement as HTMLOptGroupElement | null)?.disabled) select.value = '';
}

export function wireAutomationForm(root: ParentNode): void {
  root.querySelectorAll<HTMLFormElement>('form[data-automation-form]').forEach((form) => {
    if (form.dataset.wired) return;
    form.dataset.wired = 'yes';
    const trigger = form.querySelector<HTMLSelectElement>('select[data-trigger-select]');
    if (trigger) {
      showTriggerSettings(form, trigger.value);
      trigger.addEventListener('change', () => showTriggerSettings(form, trigger.value));
    }
    form.querySelectorAll<HTMLSelectElement>('select[data-step-channel]').forEach((channel) => {
      const step = channel.dataset.stepChannel ?? '';
      filterTemplates(form, step, channel.value);
      channel.addEventListener('change', () => filterTemplates(form, step, channel.value));
    });
  });
}
