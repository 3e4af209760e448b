import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import { DeliveryListQuery } from './campaigns.dto';
import { CampaignsService } from './campaigns.service';
import { LaunchCampaign } from './launch-campaign.use-case';

const DELIVERY_COLUMNS = ['delivery_id', 'step', 'channel', 'external_id', 'state', 'response_code', 'holdout', 'reason', 'sent_at'] as const;

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly launcher: LaunchCampaign,
  ) {}

  /** Creates a draft from the campaign JSON of the public contract. */
  @Post()
  @RequireRole('marketer')
  @ApiBody({ schema: { type: 'object', description: 'campaign JSON (see CONTRACT.md)' } })
  create(@Body() body: Record<string, unknown>) {
    return this.campaigns.create(body);
  }

  @Get()
  @RequireRole('manager')
  list() {
    return this.campaigns.list();
  }

  @Get(':id')
  @RequireRole('manager')
  get(@Param('id') id: string) {
    return this.campaigns.get(id);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @RequireRole('marketer')
  async launch(@Param('id') id: string) {
    const { status } = await this.launcher.execute(id);
    return { id, status };
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireRole('marketer')
  pause(@Param('id') id: string) {
    return this.campaigns.pause(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireRole('marketer')
  resume(@Param('id') id: string) {
    return this.campaigns.resume(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireRole('marketer')
  cancel(@Param('id') id: string) {
    return this.campaigns.cancel(id);
  }

  /** Live counts per delivery state and step. */
  @Get(':id/progress')
  @RequireRole('manager')
  progress(@Param('id') id: string) {
    return this.campaigns.progress(id);
  }

  @Get(':id/deliveries')
  @RequireRole('marketer')
  @ApiProduces('application/json', 'text/csv')
  async deliveries(@Param('id') id: string, @Query() query: DeliveryListQuery, @Res() response: Response) {
    const rows = await this.campaigns.deliveryList(id, { after: query.after, limit: query.limit });
    if (query.format === 'csv' || response.req.accepts(['json', 'csv']) === 'csv') {
      response.type('text/csv; charset=utf-8').send(toCsv(rows as unknown as Array<Record<string, unknown>>, [...DELIVERY_COLUMNS]));
      return;
    }
    response.json(rows);
  }
}
