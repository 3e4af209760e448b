import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../core/auth/api-key.guard';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import {
  COMPLAINT_DASHBOARD,
  DASHBOARD_CSV_COLUMNS,
  dashboardRows,
  type ComplaintDashboardSource,
} from './complaint-dashboard';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import type { Answer, Closing, Qualification } from './complaint-workflow-inputs';
import type { ComplaintRow } from './complaint-ledger';
import {
  AddMessageDto,
  AnswerComplaintDto,
  AssignComplaintDto,
  CloseComplaintDto,
  CreateComplaintDto,
  FromSurveyDto,
  ListComplaintsQuery,
  QualifyComplaintDto,
} from './complaint.dto';
import { complaintIntakeOf } from './complaint-intake-input';

const actor = (request: AuthenticatedRequest) => `api-key:${request.principal?.keyId}`;
const at = (value?: string) => (value ? new Date(value) : undefined);
const state = (row: ComplaintRow) => ({
  reference: row.reference,
  status: row.status,
  due_at: row.due_at,
  acknowledgement_delivery_id: row.acknowledgement_delivery_id,
});

/** Complaints over HTTP: marketers record and handle them, managers read them and the dashboard. */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly intake: ComplaintIntakeService,
    private readonly workflow: ComplaintWorkflowService,
    private readonly queries: ComplaintQueriesService,
    @Inject(COMPLAINT_DASHBOARD) private readonly dashboards: ComplaintDashboardSource,
    private readonly sources: ComplaintSourcesService,
  ) {}

  /** A complaint from any channel (phone notes included); acknowledged at once, once per idempotency key. */
  @Post()
  @RequireRole('marketer')
  async create(
    @Body() body: CreateComplaintDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const receipt = await this.intake.receive(complaintIntakeOf(body, actor(request)));
    response.status(receipt.created ? 201 : 200);
    const { created: _created, ...rest } = receipt;
    return rest;
  }

  /** One click from the detractors' list: their latest survey comment becomes a complaint. */
  @Post('from-survey')
  @RequireRole('marketer')
  async fromSurvey(@Body() body: FromSurveyDto, @Req() request: AuthenticatedRequest) {
    const { created: _created, ...receipt } = await this.sources.fromSurvey(body.external_id, actor(request));
    return receipt;
  }

  @Get()
  @RequireRole('manager')
  list(@Query() query: ListComplaintsQuery) {
    return this.queries.list({
      status: query.status,
      overdue: query.overdue === 'true',
      owner: query.owner,
      external_id: query.external_id,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** The follow-up tables; `?format=csv` for a spreadsheet (long format: section, period, dimension, key, value). */
  @Get('dashboard')
  @RequireRole('manager')
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async dashboard(
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('format') format: string | undefined,
    @Res() response: Response,
  ) {
    const dashboard = await this.dashboards.dashboard({ from, to });
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8').send(toCsv(dashboardRows(dashboard), DASHBOARD_CSV_COLUMNS));
      return;
    }
    response.json(dashboard);
  }

  /** The complaint with its thread, transitions, compensations and the client's history. */
  @Get(':reference')
  @RequireRole('manager')
  get(@Param('reference') reference: string) {
    return this.queries.get(reference);
  }

  @Post(':reference/qualify')
  @HttpCode(200)
  @RequireRole('marketer')
  async qualify(
    @Param('reference') reference: string,
    @Body() body: QualifyComplaintDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const { at: when, ...qualification } = body;
    return state(await this.workflow.qualify(reference, qualification as Qualification, actor(request), at(when)));
  }

  @Post(':reference/assign')
  @HttpCode(200)
  @RequireRole('marketer')
  async assign(
    @Param('reference') reference: string,
    @Body() body: AssignComplaintDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const { at: when, ...assignment } = body;
    return state(await this.workflow.assign(reference, assignment, actor(request), at(when)));
  }

  @Post(':reference/answer')
  @HttpCode(200)
  @RequireRole('marketer')
  async answer(
    @Param('reference') reference: string,
    @Body() body: AnswerComplaintDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const { at: when, ...answer } = body;
    const row = await this.workflow.answer(reference, answer as Answer, actor(request), at(when));
    return { ...state(row), answer_delivery_id: row.answer_delivery_id };
  }

  @Post(':reference/close')
  @HttpCode(200)
  @RequireRole('marketer')
  async close(
    @Param('reference') reference: string,
    @Body() body: CloseComplaintDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const { at: when, ...closing } = body;
    const row = await this.workflow.close(reference, closing as Closing, actor(request), at(when));
    return {
      ...state(row),
      closing_condition: row.closing_condition,
      follow_up_delivery_id: row.follow_up_delivery_id ?? null,
    };
  }

  /** Adds to the thread: a phone conversation's notes, a letter's content, an internal note. */
  @Post(':reference/messages')
  @RequireRole('marketer')
  addMessage(@Param('reference') reference: string, @Body() body: AddMessageDto, @Req() request: AuthenticatedRequest) {
    return this.workflow.addMessage(
      reference,
      {
        direction: body.direction as 'inbound' | 'note',
        channel: body.channel,
        body: body.body,
        attachments: body.attachments,
        at: at(body.at),
        author: body.direction === 'inbound' ? 'client' : undefined,
      },
      actor(request),
    );
  }
}
