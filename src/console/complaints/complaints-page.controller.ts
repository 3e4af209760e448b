import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ComplaintBoardService } from '../../complaints/complaint-board.service';
import { ComplaintIntakeService } from '../../complaints/complaint-intake.service';
import { ContactsService } from '../../contacts/contacts.service';
import { roleAllows } from '../../core/auth/api-key.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { boardView, parseBoardQuery } from './complaint-board-view';
import { INTAKE_CHANNELS, parseNewComplaint, text, type Problem } from './complaint-forms';
import { CHANNEL_LABELS, options } from './complaint-labels';
import { ComplaintPages } from './complaint-pages';
import { doneText, NO_STATE } from './complaint-page-view';

const shell = (request: ConsoleRequest) => ({ path: request.path, session: request.consoleSession });

/**
 * Réclamations: the board (every complaint by due date, where it stands against its deadline,
 * filters), the form for a complaint taken by phone or at the counter, and a complaint's page —
 * through the same services as `relance complaint …` and the API.
 */
@ConsolePages()
@Controller('reclamations')
export class ComplaintsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly board: ComplaintBoardService,
    private readonly intake: ComplaintIntakeService,
    private readonly contacts: ContactsService,
    private readonly pages: ComplaintPages,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const parsed = parseBoardQuery(query, this.pages.causes);
    const board = parsed.problems.length
      ? { rows: [], total: 0, page: 1, pages: 1, owners: [] }
      : await this.board.board(parsed.query);
    const view = boardView(board, parsed.form, parsed.problems, {
      causes: this.pages.causes,
      timeZone: this.pages.config.defaultTimezone,
      canAct: roleAllows(request.consoleSession!.user.role, 'marketer'),
    });
    sendPage(
      response,
      this.renderer.render('complaints', 'Réclamations', view, shell(request)),
      parsed.problems.length ? 400 : 200,
    );
  }

  @Get('nouvelle')
  @ConsoleRole('marketer')
  async form(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.showForm(request, response, { search: text(query, 'q'), chosen: text(query, 'client') }, [], {});
  }

  @Post('nouvelle')
  @ConsoleRole('marketer')
  async create(@Body() form: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const parsed = parseNewComplaint(form, `user:${request.consoleSession!.user.id}`);
    const values = Object.fromEntries(
      ['objet', 'description', 'canal', 'urgente', 'importante'].map((name) => [name, text(form, name)]),
    );
    const again = (problems: Problem[]) =>
      this.showForm(
        request,
        response,
        { search: text(form, 'q'), chosen: parsed.value.externalId },
        problems,
        values,
        400,
      );
    if (parsed.problems.length) return again(parsed.problems);
    try {
      await this.contacts.get(parsed.value.externalId);
    } catch {
      return again([{ field: 'Client', reason: `aucun contact n'a le n° client « ${parsed.value.externalId} »` }]);
    }
    const receipt = await this.intake.receive(parsed.value);
    response.redirect(303, `/reclamations/${encodeURIComponent(receipt.reference)}?fait=creee`);
  }

  @Get(':reference')
  async page(
    @Param('reference') reference: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const before = text(query, 'avant');
    await this.pages.show(reference, request, response, {
      ...NO_STATE,
      done: doneText(query.fait),
      previousDueAt: before && !Number.isNaN(Date.parse(before)) ? before : null,
    });
  }

  private async showForm(
    request: ConsoleRequest,
    response: Response,
    client: { search: string; chosen: string },
    problems: Problem[],
    values: Record<string, string>,
    status = 200,
  ): Promise<void> {
    const found = client.search
      ? (await this.contacts.search({ text: client.search.slice(0, 100), limit: 10 })).contacts
      : [];
    const chosen = client.chosen ? await this.contacts.get(client.chosen).catch(() => null) : null;
    const candidates = [
      ...(chosen ? [chosen] : []),
      ...found.filter((contact) => contact.externalId !== chosen?.externalId),
    ];
    const view = {
      problems,
      search: client.search,
      searched: Boolean(client.search),
      clients: candidates.map((contact) => ({
        externalId: contact.externalId,
        name:
          [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.companyName || contact.externalId,
        detail: [contact.email, contact.phone, contact.city].filter(Boolean).join(' · '),
        selected: contact.externalId === client.chosen || candidates.length === 1,
      })),
      channels: options(INTAKE_CHANNELS, CHANNEL_LABELS, values.canal ?? 'phone'),
      subject: values.objet ?? '',
      description: values.description ?? '',
      urgent: values.urgente === 'on',
      important: values.importante === 'on',
    };
    sendPage(response, this.renderer.render('complaint-new', 'Nouvelle réclamation', view, shell(request)), status);
  }
}
