import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseAutomationDefinition } from '../../automations/automation-definition';
import { AutomationUpcoming, UPCOMING_LIMIT } from '../../automations/automation-upcoming';
import { AutomationsService } from '../../automations/automations.service';
import { readyMadeAutomations } from '../../automations/ready-made';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError, type FieldProblem } from '../../core/errors/domain-error';
import { SavedSegmentsService } from '../../segments/saved-segments.service';
import { scoringConfig, type ScoringConfigType } from '../../segments/scoring.config';
import { TemplateLibrary } from '../../templates/template-library';
import { TemplatesService } from '../../templates/templates.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { baseOf, definitionFromForm, formFromDefinition, formValues, type FormValues } from './automation-form';
import { errorsByInput, formProblems, type FormProblem } from './automation-form-errors';
import { previewSentence, readyMadeCards, setupFormView, type TemplateChoice } from './automation-setup-view';
import { upcomingDays } from './upcoming-days';

const PREVIEW_DAYS = 7;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The problems a refusal of the service names: its fields, else its message on the step or the form. */
function problemsOf(error: DomainError): FieldProblem[] {
  const fields = (error.details as { fields?: FieldProblem[] } | undefined)?.fields;
  if (fields?.length) return fields;
  const step = /^(steps\[\d+\]): (.*)$/.exec(error.message);
  return [step ? { field: `${step[1]}.template`, reason: step[2] } : { field: '(définition)', reason: error.message }];
}

/** A rule set in a line: "type eq person et …" (what the ready-made one starts from). */
function rulesText(rules: unknown): string | null {
  const all = (rules as { all?: unknown[] } | undefined)?.all;
  if (!rules || JSON.stringify(rules) === '{"all":[]}') return null;
  if (!Array.isArray(all) || all.some((rule) => !(rule as { field?: unknown }).field)) return JSON.stringify(rules);
  return all
    .map((rule) => {
      const { field, op, value } = rule as { field: string; op: string; value: unknown };
      return `${field} ${op} ${JSON.stringify(value)}`;
    })
    .join(' et ');
}

/**
 * Setting up an automation in the console (issue 19): from a ready-made one or from scratch, a
 * form that builds the JSON `relance automation create` reads and saves it through the same
 * service; its next sends computed before saving, as `relance automation upcoming` computes them.
 */
@ConsolePages()
@Controller('automatisations')
export class AutomationSetupController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly automations: AutomationsService,
    private readonly upcoming: AutomationUpcoming,
    private readonly templates: TemplatesService,
    private readonly library: TemplateLibrary,
    private readonly segments: SavedSegmentsService,
    @Inject(scoringConfig.KEY) private readonly thresholds: ScoringConfigType,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get('nouvelle')
  @ConsoleRole('marketer')
  async start(@Query('modele') key: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    const readyMade = readyMadeAutomations();
    if (typeof key !== 'string' || !key) {
      const view = { cards: readyMadeCards(readyMade, this.thresholds) };
      return sendPage(
        response,
        this.renderer.render('automation-start', 'Nouvelle automatisation', view, shell(request)),
      );
    }
    const chosen = key === 'zero' ? this.blank() : readyMade.find((item) => item.key === key)?.definition;
    if (!chosen)
      throw DomainError.notFound('automations.ready_made', `aucune automatisation prête à l'emploi « ${key} »`);
    await this.sendForm(request, response, formFromDefinition(chosen, randomUUID()), [], { key });
  }

  @Post('nouvelle')
  @ConsoleRole('marketer')
  async create(@Body() body: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const values = formValues(body);
    // The id the preview drew the control group with; a new one when the form was already saved once.
    const taken =
      UUID.test(values.ref) &&
      (await this.automations.get(values.ref).then(
        () => true,
        () => false,
      ));
    const id = UUID.test(values.ref) && !taken ? values.ref : randomUUID();
    await this.saveOr(request, response, values, { mode: 'create', id }, {});
  }

  @Get(':id/modifier')
  @ConsoleRole('marketer')
  async edit(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const automation = await this.automations.get(id);
    const values = formFromDefinition(automation.definition as unknown as Record<string, unknown>, automation.id);
    await this.sendForm(request, response, values, [], { id: automation.id, name: automation.name });
  }

  @Post(':id/modifier')
  @ConsoleRole('marketer')
  async update(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const automation = await this.automations.get(id);
    const values = { ...formValues(body), ref: automation.id };
    await this.saveOr(
      request,
      response,
      values,
      { mode: 'update', id: automation.id },
      { id: automation.id, name: automation.name },
    );
  }

  /** The next sends of the definition the form holds, not saved: a fragment for htmx. */
  @Post('previsualisation')
  @ConsoleRole('marketer')
  async preview(@Body() body: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const values = formValues(body);
    const json = definitionFromForm(values);
    const parsed = parseAutomationDefinition(json, { currency: this.config.defaultCurrency });
    const view: Record<string, unknown> = {
      problems: [],
      upcoming: null,
      sentence: '',
      definitionJson: JSON.stringify(json, null, 2),
    };
    if ('problems' in parsed) view.problems = formProblems(parsed.problems);
    else {
      const ref = UUID.test(values.ref) ? values.ref : randomUUID();
      const list = await this.upcoming.preview(parsed.definition, ref, { days: PREVIEW_DAYS });
      const upcoming = upcomingDays(list, {
        timeZone: this.config.defaultTimezone,
        sampleSize: 5,
        limit: UPCOMING_LIMIT,
      });
      Object.assign(view, { upcoming, sentence: previewSentence(parsed.definition.trigger, upcoming, PREVIEW_DAYS) });
    }
    // 200 even when the definition is refused: htmx swaps only successful answers, and the problems are the answer.
    sendPage(response, this.renderer.renderFragment('automation-preview', view, shell(request)));
  }

  /** Saves the form's definition and goes to the automation's page, or shows the form again with the problems. */
  private async saveOr(
    request: ConsoleRequest,
    response: Response,
    values: FormValues,
    target: { mode: 'create'; id: string } | { mode: 'update'; id: string },
    editing: { id?: string; name?: string },
  ): Promise<void> {
    try {
      const saved = await this.automations.save(definitionFromForm(values), target);
      response.redirect(
        303,
        `/automatisations/${saved.id}?fait=${target.mode === 'create' ? 'creation' : 'modification'}`,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'conflict', 'not_found'].includes(error.kind)) throw error;
      if (error.kind === 'not_found' && !/template|segment/i.test(error.code)) throw error;
      await this.sendForm(request, response, values, formProblems(problemsOf(error)), editing, 422);
    }
  }

  private async sendForm(
    request: ConsoleRequest,
    response: Response,
    values: FormValues,
    problems: FormProblem[],
    editing: { id?: string; name?: string; key?: string },
    status = 200,
  ): Promise<void> {
    const [stored, segments] = await Promise.all([this.templates.withCurrentVersions(), this.segments.list()]);
    const templates: TemplateChoice[] = [
      ...this.library.list().map((entry) => ({
        reference: entry.reference,
        channel: entry.channel,
        label: `${entry.title ?? entry.reference} (${entry.reference})`,
      })),
      ...stored
        .filter(({ template }) => !template.libraryPath)
        .map(({ template }) => ({
          reference: template.id,
          channel: template.channel,
          label: `${template.name} (enregistré)`,
        })),
    ];
    const errors = errorsByInput(problems);
    const view = {
      values,
      errors,
      problems,
      editing: editing.id ? editing : null,
      currency: currencyOf(baseOf(values)) ?? this.config.defaultCurrency,
      action: editing.id ? `/automatisations/${editing.id}/modifier` : '/automatisations/nouvelle',
      ...setupFormView(values, errors, { templates, segments, rulesText: rulesText(baseOf(values).segment) }),
    };
    const title = editing.id ? `Modifier « ${editing.name} »` : 'Nouvelle automatisation';
    sendPage(response, this.renderer.render('automation-form', title, view, shell(request)), status);
  }

  /** "Partir de zéro": a birthday e-mail to the whole base, everything else to fill in. */
  private blank(): Record<string, unknown> {
    return {
      name: '',
      trigger: { type: 'birthday', local_time: '09:30' },
      segment: { all: [] },
      steps: [{ channel: 'email', template: '' }],
      holdout_percent: 0,
      sender: { name: '', email: '' },
      costs: { per_message: {}, currency: this.config.defaultCurrency },
    };
  }
}

function currencyOf(base: Record<string, unknown>): string | undefined {
  const currency = (base.costs as { currency?: unknown } | undefined)?.currency;
  return typeof currency === 'string' ? currency : undefined;
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
