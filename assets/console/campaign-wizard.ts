/**
 * The campaign wizard's step rows: each template list shows only the chosen channel's templates
 * (`<select data-step-channel="n">` and the `<optgroup data-channel>` of `data-step-template="n"`).
 * Without this script every group is listed, and saving names a template of another channel.
 */
export function wireCampaignWizard(root: ParentNode): void {
  root.querySelectorAll<HTMLSelectElement>('select[data-step-channel]').forEach((channel) => {
    if (channel.dataset.wired) return;
    channel.dataset.wired = 'true';
    const template = root.querySelector<HTMLSelectElement>(
      `select[data-step-template="${channel.dataset.stepChannel}"]`,
    );
    if (!template) return;
    const filter = () => {
      template.querySelectorAll<HTMLOptGroupElement>('optgroup[data-channel]').forEach((group) => {
        const shown = group.dataset.channel === channel.value;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      const chosen = template.selectedOptions[0];
      if (chosen?.parentElement instanceof HTMLOptGroupElement && chosen.parentElement.disabled) template.value = '';
    };
    channel.addEventListener('change', filter);
    filter();
  });
}
