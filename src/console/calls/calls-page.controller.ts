import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAllows } from '../../core/auth/api-key.service';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { CallFileService } from '../../responses/calls/call-file.service';
import { parseCallOutcome } from '../../responses/calls/call-outcome-input';
import { CallQueueService, type CallListOverview } from '../../responses/calls/call-queue.service';
import { CallWorkService, type WorkedCall } from '../../responses/calls/call-work.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import {
  CALLS_PATH,
  doneNotice,
  fileView,
  listRows,
  outcomeButtons,
  problemMessages,
  refusalMessage,
} from './calls-view';

interface Posted {
  note: string;
  date: string;
  time: string;
}

/**
 * Appels: the call lists with the calls waiting, and a list's screen — the next client by priority
 * (claimed for this operator), their file, the CROC script merged for them, and the outcome
 * buttons. Outcomes and their effects are CallWorkService's; a manager reads only.
 */
@ConsolePages()
@Controller('appels')
export class CallsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly queue: CallQueueService,
    private readonly files: CallFileService,
    private readonly work: CallWorkService,
  ) {}

  @Get()
  async lists(@Req() request: ConsoleRequest, @Res() response: Response) {
    const rows = listRows(await this.queue.lists());
    const html = this.renderer.render('calls', 'Appels', { rows }, shell(request));
    sendPage(response, html);
  }

  @Get(':campaignId')
  async next(
    @Param('campaignId') campaignId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const list = await this.list(campaignId);
    await this.show(request, response, list, { notice: doneNotice(query), problems: [], posted: null });
  }

  @Post(':campaignId/:deliveryId')
  @ConsoleRole('marketer')
  async record(
    @Param('campaignId') campaignId: string,
    @Param('deliveryId') deliveryId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const list = await this.list(campaignId);
    const operator = request.consoleSession!.user.email;
    let worked: WorkedCall;
    try {
      worked = await this.work.record(deliveryId, operator, parseCallOutcome(body, this.work.today()));
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not_found') throw error;
      const problems =
        error.code === 'calls.invalid_outcome' ? problemMessages(error.details?.fields) : [refusalMessage(error.code)];
      const posted = { note: text(body.note), date: text(body.date), time: text(body.time) };
      await this.show(request, response, list, { notice: null, problems, posted }, HTTP_STATUS_BY_KIND[error.kind]);
      return;
    }
    const query = new URLSearchParams({ fait: worked.outcome });
    if (worked.backOn) query.set('le', worked.backOn);
    if (worked.message) query.set('envoi', worked.message.channel);
    else if (worked.messageRefused) query.set('envoi', 'aucun');
    response.redirect(303, `${CALLS_PATH}/${list.campaignId}?${query.toString()}`);
  }

  private async list(campaignId: string): Promise<CallListOverview> {
    const list = await this.queue.list(campaignId);
    if (!list) throw DomainError.notFound('calls.no_list', `no call list for campaign "${campaignId}"`);
    return list;
  }

  /** The list's screen: for a marketer, the client claimed for them (the same one until an outcome). */
  private async show(
    request: ConsoleRequest,
    response: Response,
    list: CallListOverview,
    state: { notice: string | null; problems: string[]; posted: Posted | null },
    status = 200,
  ): Promise<void> {
    const session = request.consoleSession!;
    const canCall = roleAllows(session.user.role, 'marketer');
    const deliveryId = canCall ? await this.queue.next(list.campaignId, session.user.email) : undefined;
    const file = deliveryId ? await this.files.file(deliveryId) : undefined;
    const fresh = await this.queue.list(list.campaignId);
    const view = {
      list: listRows([fresh ?? list])[0],
      canCall,
      client: file ? fileView(file) : null,
      action: file ? `${CALLS_PATH}/${list.campaignId}/${file.deliveryId}` : '',
      outcomes: outcomeButtons(),
      today: this.work.today(),
      posted: state.posted ?? { note: '', date: '', time: '' },
      notice: state.notice,
      problems: state.problems,
    };
    sendPage(response, this.renderer.render('call', `Appels : ${list.campaignName}`, view, shell(request)), status);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 2000) : '';
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
