import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAllows } from '../../core/auth/api-key.service';
import { DomainError } from '../../core/errors/domain-error';
import { BasePicturesService } from '../../segments/base-pictures.service';
import { SavedSegmentsService, type SavedSegment } from '../../segments/saved-segments.service';
import { SegmentCatalogueService } from '../../segments/segment-catalogue.service';
import { SegmentsService } from '../../segments/segments.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { basePicturesView } from './base-pictures-view';
import { parseRulesText, previewView, problemsView } from './segment-view';

const DONE = { enregistre: 'saved', supprime: 'deleted' } as const;
const EMPTY_RULES = { all: [] };

interface SegmentForm {
  name?: unknown;
  description?: unknown;
  rules?: unknown;
}

/**
 * Segments: the saved segments with their counts, and the rule builder (a client-side enhancement
 * of a plain form whose JSON field works alone), its live count, reachability per channel and
 * sample — `relance segment count` and `relance segment preview`, through the same services.
 */
@ConsolePages()
@Controller('segments')
export class SegmentsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly segments: SegmentsService,
    private readonly saved: SavedSegmentsService,
    private readonly catalogue: SegmentCatalogueService,
    private readonly pictures: BasePicturesService,
  ) {}

  @Get()
  async list(@Query('fait') done: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    const rows = [];
    for (const segment of await this.saved.list())
      rows.push({ ...segment, count: await this.segments.count(segment.id) });
    const view = { rows, notice: noticeOf(done), canEdit: this.canEdit(request) };
    sendPage(response, this.renderer.render('segments', 'Segments', view, this.shell(request)));
  }

  /** The builder, empty or opened on the rules of `?regles=<JSON>` (the portrait's links); bad rules: 400 and the problems. */
  @Get('nouveau')
  async create(@Query('regles') given: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    if (given === undefined) return this.page(request, response, { segment: null, rules: EMPTY_RULES });
    const parsed = parseRulesText(given);
    const rulesText = typeof given === 'string' ? given : '';
    if (parsed.problem) {
      const reason = `les règles de l'adresse (paramètre « regles ») ne se lisent pas : ${parsed.problem}`;
      return this.page(
        request,
        response,
        { segment: null, rules: null, rulesText, problems: problemsView([], reason) },
        400,
      );
    }
    try {
      this.segments.validate(parsed.rules);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const problems = problemsView(error.details?.fields, error.message);
      return this.page(request, response, { segment: null, rules: parsed.rules, problems }, 400);
    }
    await this.page(request, response, { segment: null, rules: parsed.rules });
  }

  /** Portrait de la base: the RFM grid, stages, tiers, the Pareto curve and the silent clients. */
  @Get('portrait')
  async portrait(@Req() request: ConsoleRequest, @Res() response: Response) {
    const view = basePicturesView(await this.pictures.pictures());
    sendPage(response, this.renderer.render('segment-portrait', 'Portrait de la base', view, this.shell(request)));
  }

  @Get(':id')
  async detail(
    @Param('id') id: string,
    @Query('fait') done: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const segment = await this.saved.get(id);
    await this.page(request, response, { segment, rules: segment.rules, notice: noticeOf(done) });
  }

  /** The live count (htmx-free fetch from the builder): a fragment, 400 with the validator's problems. */
  @Post('apercu')
  async preview(@Body() body: SegmentForm, @Req() request: ConsoleRequest, @Res() response: Response) {
    const parsed = parseRulesText(body.rules);
    let view: Record<string, unknown>;
    let status = 200;
    try {
      if (parsed.problem) throw DomainError.invalid('segments.invalid_rules', parsed.problem);
      view = { preview: previewView(await this.segments.preview(parsed.rules)), problems: [] };
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      status = 400;
      view = { preview: null, problems: problemsView(error.details?.fields, parsed.problem ?? error.message) };
    }
    sendPage(response, this.renderer.renderFragment('segment-preview', view, this.shell(request)), status);
  }

  @Post()
  @ConsoleRole('marketer')
  async save(@Body() body: SegmentForm, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.write(body, request, response, null);
  }

  @Post(':id')
  @ConsoleRole('marketer')
  async update(
    @Param('id') id: string,
    @Body() body: SegmentForm,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    await this.write(body, request, response, await this.saved.get(id));
  }

  @Post(':id/suppression')
  @ConsoleRole('marketer')
  async remove(@Param('id') id: string, @Res() response: Response) {
    await this.saved.remove(id);
    response.redirect(303, '/segments?fait=supprime');
  }

  private async write(body: SegmentForm, request: ConsoleRequest, response: Response, current: SavedSegment | null) {
    const parsed = parseRulesText(body.rules);
    const input = {
      name: typeof body.name === 'string' ? body.name : '',
      description: typeof body.description === 'string' && body.description.trim() ? body.description.trim() : null,
      rules: parsed.rules,
    };
    try {
      if (parsed.problem) throw DomainError.invalid('segments.invalid_rules', parsed.problem);
      const user = request.consoleSession!.user;
      const saved = current
        ? await this.saved.update(current.id, input)
        : await this.saved.create(input, `user:${user.id}`);
      response.redirect(303, `/segments/${saved.id}?fait=enregistre`);
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'conflict'].includes(error.kind)) throw error;
      const problems = problemsView(error.details?.fields, parsed.problem ?? error.message);
      const segment = current ?? null;
      const draft = { name: input.name, description: input.description ?? '' };
      const rulesText = typeof body.rules === 'string' ? body.rules : '';
      await this.page(request, response, { segment, rules: parsed.rules, rulesText, draft, problems }, 400);
    }
  }

  private async page(
    request: ConsoleRequest,
    response: Response,
    state: {
      segment: SavedSegment | null;
      rules: unknown;
      rulesText?: string;
      notice?: string | null;
      draft?: { name: string; description: string };
      problems?: Array<{ path: string; reason: string }>;
    },
    status = 200,
  ) {
    const { segment, problems = [] } = state;
    const preview = problems.length ? null : previewView(await this.segments.preview(state.rules));
    const view = {
      segment: segment && {
        id: segment.id,
        name: segment.name,
        createdAt: segment.created_at,
        updatedAt: segment.updated_at,
      },
      name: state.draft?.name ?? segment?.name ?? '',
      description: state.draft?.description ?? segment?.description ?? '',
      rulesText: state.rulesText ?? JSON.stringify(state.rules, null, 2),
      catalogue: await this.catalogue.catalogue(),
      preview,
      problems,
      notice: state.notice ?? null,
      canEdit: this.canEdit(request),
    };
    const title = segment ? segment.name : 'Nouveau segment';
    sendPage(response, this.renderer.render('segment', title, view, this.shell(request)), status);
  }

  private canEdit(request: ConsoleRequest): boolean {
    return roleAllows(request.consoleSession!.user.role, 'marketer');
  }

  private shell(request: ConsoleRequest) {
    return { path: request.path, session: request.consoleSession };
  }
}

function noticeOf(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done as keyof typeof DONE] : null;
}
