import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../core/auth/api-key.guard';
import { RequireRole } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { SavedSegmentsService } from './saved-segments.service';
import { SegmentCatalogueService } from './segment-catalogue.service';
import { SegmentScoringService } from './segment-scoring.service';
import { SegmentsService } from './segments.service';
import {
  CreateSegmentDto,
  RescoreRequestDto,
  SegmentQueryDto,
  SnapshotMembersQuery,
  SnapshotRequestDto,
  UpdateSegmentDto,
} from './segments.dto';

/** The segment a request names: inline rules or a saved segment, never both. */
function sourceOf(body: SegmentQueryDto): unknown {
  if ((body.rules === undefined) === (body.segment_id === undefined)) {
    throw DomainError.invalid('segments.no_rules', 'give either "rules" or "segment_id"', {
      fields: [{ field: 'rules', reason: 'give either rules or segment_id' }],
    });
  }
  return body.rules ?? body.segment_id;
}

const at = (value?: string) => (value ? new Date(value) : undefined);
const principal = (request: AuthenticatedRequest) => `api-key:${request.principal?.keyId}`;

@ApiTags('segments')
@ApiBearerAuth()
@Controller('api/v1/segments')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly saved: SavedSegmentsService,
    private readonly scoring: SegmentScoringService,
    private readonly catalogue: SegmentCatalogueService,
  ) {}

  /** What a rule can read: every field with its type, operators and known values, and the custom attributes found in the data. */
  @Get('catalogue')
  @RequireRole('manager')
  fields() {
    return this.catalogue.catalogue();
  }

  /** Count, a sample of 20 and the breakdown by lifecycle, value tier, region and reachability per channel. */
  @Post('preview')
  @HttpCode(200)
  @RequireRole('manager')
  preview(@Body() body: SegmentQueryDto) {
    return this.segments.preview(sourceOf(body), { now: at(body.at) });
  }

  @Post('count')
  @HttpCode(200)
  @RequireRole('manager')
  async count(@Body() body: SegmentQueryDto) {
    return { count: await this.segments.count(sourceOf(body), { now: at(body.at) }) };
  }

  /** Recomputes RFM, value tiers, lifecycle stages and silent clients now (also nightly). */
  @Post('rescore')
  @HttpCode(200)
  @RequireRole('marketer')
  rescore(@Body() body: RescoreRequestDto) {
    return this.scoring.rescore({ now: at(body.at) });
  }

  /** Freezes the audience (what a campaign launch does). */
  @Post('snapshots')
  @RequireRole('marketer')
  snapshot(@Body() body: SnapshotRequestDto, @Req() request: AuthenticatedRequest) {
    return this.segments.snapshot(sourceOf(body), {
      now: at(body.at),
      label: body.label,
      createdBy: principal(request),
    });
  }

  @Get('snapshots/:id')
  @RequireRole('marketer')
  getSnapshot(@Param('id') id: string) {
    return this.segments.getSnapshot(id);
  }

  @Get('snapshots/:id/members')
  @RequireRole('marketer')
  members(@Param('id') id: string, @Query() query: SnapshotMembersQuery) {
    return this.segments.snapshotMembers(id, query);
  }

  @Get()
  @RequireRole('manager')
  list() {
    return this.saved.list();
  }

  @Post()
  @RequireRole('marketer')
  create(@Body() body: CreateSegmentDto, @Req() request: AuthenticatedRequest) {
    return this.saved.create(body, principal(request));
  }

  @Get(':id')
  @RequireRole('manager')
  get(@Param('id') id: string) {
    return this.saved.get(id);
  }

  @Put(':id')
  @RequireRole('marketer')
  update(@Param('id') id: string, @Body() body: UpdateSegmentDto) {
    return this.saved.update(id, body);
  }

  @Delete(':id')
  @RequireRole('marketer')
  remove(@Param('id') id: string) {
    return this.saved.remove(id);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @RequireRole('manager')
  previewSaved(@Param('id') id: string, @Body() body: RescoreRequestDto) {
    return this.segments.preview(id, { now: at(body.at) });
  }
}
