import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import { DeliveryListQuery } from './campaigns.dto';
import { CampaignsService, DELIVERY_LIST_COLUMNS } from './campaigns.service';
import { parseDeliveryFilter } from './delivery-list-filter';
import { LaunchCampaign } from './launch-campaign.use-case';

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
  @ApiBody({ schema: { type: 'object', description: 'campaign JSON (see docs/campaigns.md)' } })
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

  /** Every delivery of the campaign, then every member of its control group (`holdout: true`, `delivery_id` null, state `held_out`); `state` and `step` keep some. */
  @Get(':id/deliveries')
  @RequireRole('marketer')
  @ApiProduces('application/json', 'text/csv')
  async deliveries(@Param('id') id: string, @Query() query: DeliveryListQuery, @Res() response: Response) {
    const { format, after, limit, state, step } = query;
    const page = await this.campaigns.deliveryList(id, { after, limit }, parseDeliveryFilter({ state, step }));
    // The next page, when there may be one: rows carry no cursor (control-group members have no delivery id).
    if (page.next) {
      const next = new URLSearchParams({
        ...(format ? { format } : {}),
        after: page.next,
        ...(limit ? { limit } : {}),
        ...(state ? { state } : {}),
        ...(step ? { step } : {}),
      });
      response
        .set('Link', `<${response.req.baseUrl}${response.req.path}?${next.toString()}>; rel="next"`)
        .set('X-Next-After', page.next);
    }
    if (format === 'csv' || response.req.accepts(['json', 'csv']) === 'csv') {
      response
        .type('text/csv; charset=utf-8')
        .send(toCsv(page.rows as unknown as Array<Record<string, unknown>>, [...DELIVERY_LIST_COLUMNS]));
      return;
    }
    response.json(page.rows);
  }
}
