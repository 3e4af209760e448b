import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ComplaintQueriesService } from '../../complaints/complaint-queries.service';
import { ANSWER_TEMPLATES, ComplaintWorkflowService } from '../../complaints/complaint-workflow.service';
import { localDate } from '../../contacts/normalisation/calendar';
import { UsersService } from '../../core/auth/users.service';
import { TemplatePreviewService } from '../../templates/template-preview.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages } from '../shell/console-page.decorator';
import type { ConsoleRequest } from '../shell/console-request';
import { parseAnswer, parseClosing, parseQualification, text, type Problem } from './complaint-forms';
import { ComplaintPages } from './complaint-pages';
import { NO_STATE, type PageState } from './complaint-page-view';

type Form = Record<string, unknown>;
const actor = (request: ConsoleRequest) => `user:${request.consoleSession!.user.id}`;
const FORM_FIELDS = [
  'type',
  'cause',
  'urgente',
  'importante',
  'delai',
  'resume',
  'mesures',
  'geste',
  'montant',
  'envoi',
  'condition',
  'explication',
];
const formValues = (form: Form, action: string) => ({
  action,
  ...Object.fromEntries(FORM_FIELDS.filter((name) => text(form, name)).map((name) => [name, text(form, name)])),
});

/**
 * A complaint's workflow from its page — qualify, assign, answer (previewed first), close — each
 * through the workflow service the API uses, recorded with the signed-in user as its author.
 * Managers read the page but reach none of these (403).
 */
@ConsolePages()
@ConsoleRole('marketer')
@Controller('reclamations/:reference')
export class ComplaintActionsController {
  constructor(
    private readonly pages: ComplaintPages,
    private readonly workflow: ComplaintWorkflowService,
    private readonly queries: ComplaintQueriesService,
    private readonly users: UsersService,
    private readonly preview: TemplatePreviewService,
  ) {}

  @Post('qualification')
  @HttpCode(200)
  async qualify(
    @Param('reference') reference: string,
    @Body() form: Form,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const parsed = parseQualification(form, this.pages.causes);
    if (parsed.problems.length) return this.again(reference, request, response, form, 'qualify', parsed.problems);
    await this.pages.attempt(
      async () => {
        const before = await this.queries.get(reference);
        const row = await this.workflow.qualify(reference, parsed.value, actor(request));
        const moved = new Date(before.due_at as string).getTime() !== new Date(row.due_at).getTime();
        const avant = moved ? `&avant=${encodeURIComponent(new Date(before.due_at as string).toISOString())}` : '';
        response.redirect(303, `/reclamations/${encodeURIComponent(row.reference)}?fait=qualifiee${avant}`);
      },
      (problem, status) => this.again(reference, request, response, form, 'qualify', [problem], status),
    );
  }

  @Post('attribution')
  @HttpCode(200)
  async assign(
    @Param('reference') reference: string,
    @Body() form: Form,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const chosen = (await this.users.list()).find(
      (user) => String(user.id) === text(form, 'responsable') && !user.disabledAt,
    );
    if (!chosen)
      return this.again(reference, request, response, form, 'assign', [
        { field: 'Attribuer à', reason: 'choisissez un utilisateur de la console' },
      ]);
    await this.pages.attempt(
      async () => {
        const row = await this.workflow.assign(
          reference,
          { owner: chosen.name ?? chosen.email, owner_email: chosen.email },
          actor(request),
        );
        response.redirect(303, `/reclamations/${encodeURIComponent(row.reference)}?fait=attribuee`);
      },
      (problem, status) => this.again(reference, request, response, form, 'assign', [problem], status),
    );
  }

  /** `etape=apercu` shows the answer as the client will read it; `etape=envoi` sends it. */
  @Post('reponse')
  @HttpCode(200)
  async answer(
    @Param('reference') reference: string,
    @Body() form: Form,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const parsed = parseAnswer(form, this.pages.config.defaultCurrency);
    if (parsed.problems.length) return this.again(reference, request, response, form, 'answer', parsed.problems);
    await this.pages.attempt(
      async () => {
        if (text(form, 'etape') !== 'envoi') {
          const shown = await this.draft(reference, parsed.value);
          const state: PageState = { ...NO_STATE, action: 'answer', form: formValues(form, 'answer'), preview: shown };
          return this.pages.show(reference, request, response, state);
        }
        const row = await this.workflow.answer(reference, parsed.value, actor(request));
        response.redirect(303, `/reclamations/${encodeURIComponent(row.reference)}?fait=repondue`);
      },
      (problem, status) => this.again(reference, request, response, form, 'answer', [problem], status),
    );
  }

  @Post('cloture')
  @HttpCode(200)
  async close(
    @Param('reference') reference: string,
    @Body() form: Form,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const parsed = parseClosing(form, this.pages.config.defaultCurrency);
    if (parsed.problems.length) return this.again(reference, request, response, form, 'close', parsed.problems);
    await this.pages.attempt(
      async () => {
        const row = await this.workflow.close(reference, parsed.value, actor(request));
        response.redirect(303, `/reclamations/${encodeURIComponent(row.reference)}?fait=close`);
      },
      (problem, status) => this.again(reference, request, response, form, 'close', [problem], status),
    );
  }

  /** The library's answer template filled for this client and complaint, as the workflow will send it. */
  private async draft(reference: string, answer: ReturnType<typeof parseAnswer>['value']) {
    const complaint = await this.queries.get(reference);
    const client = complaint.client as { external_id: string; email: string | null };
    const channel = answer.channel ?? (client.email ? 'email' : 'letter');
    const shown = await this.preview.preview({
      template: ANSWER_TEMPLATES[channel],
      contact: client.external_id,
      request: {
        complaint_reference: String(complaint.reference),
        complaint_received_on: localDate(new Date(complaint.received_at as string), this.pages.config.defaultTimezone),
        complaint_summary: answer.summary,
        corrective_measures: answer.corrective_measures,
        commercial_gesture: answer.commercial_gesture ?? '',
      },
    });
    return {
      channel: channel === 'email' ? 'E-mail' : 'Courrier',
      subject: typeof shown.subject === 'string' ? shown.subject : null,
      text: typeof shown.text === 'string' ? shown.text : '',
    };
  }

  private again(
    reference: string,
    request: ConsoleRequest,
    response: Response,
    form: Form,
    action: NonNullable<PageState['action']>,
    problems: Problem[],
    status = 400,
  ): Promise<void> {
    return this.pages.show(
      reference,
      request,
      response,
      { ...NO_STATE, action, problems, form: formValues(form, action) },
      status,
    );
  }
}
