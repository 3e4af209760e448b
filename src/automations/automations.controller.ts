import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { RequireRole } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { ContactEvents } from '../contacts/contact-events';
import { AutomationScheduler } from './automation-scheduler';
import { AutomationUpcoming } from './automation-upcoming';
import { AutomationsService } from './automations.service';

class EventDto {
  @ApiProperty({ example: 'C-1042' }) @IsString() @MaxLength(100) external_id!: string;
  @ApiProperty({ example: 'referral_succeeded' })
  @Matches(/^[a-z][a-z0-9_.-]{0,63}$/, { message: 'name must be lower case: letters, digits, _ . -' })
  name!: string;
  @ApiPropertyOptional({ description: 'ISO-8601; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurred_at?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() data?: Record<
    string,
    unknown
  >;
  @ApiProperty({ description: 'the same key records the event once' })
  @IsString()
  @MaxLength(200)
  idempotency_key!: string;
}

const parseAt = (value: string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw DomainError.invalid('automations.bad_at', `at: "${value}" is not an ISO-8601 instant`, {
      fields: [{ field: 'at', reason: 'must be an ISO-8601 instant' }],
    });
  return at;
};

@ApiTags('automations')
@ApiBearerAuth()
@Controller('api/v1')
export class AutomationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly automations: AutomationsService,
    private readonly scheduler: AutomationScheduler,
    private readonly upcoming: AutomationUpcoming,
    private readonly events: ContactEvents,
  ) {}

  /** Creates the automation, or updates the one with the same name (docs/automations.md, "Defining an automation"). */
  @Post('automations')
  @RequireRole('marketer')
  @ApiBody({ schema: { type: 'object', description: 'automation JSON (see docs/automations.md)' } })
  async save(@Body() body: Record<string, unknown>) {
    const { id } = await this.automations.save(body);
    return { id };
  }

  @Get('automations')
  @RequireRole('manager')
  list() {
    return this.automations.list();
  }

  @Get('automations/:id')
  @RequireRole('manager')
  get(@Param('id') id: string) {
    return this.automations.get(id);
  }

  @Post('automations/:id/pause')
  @HttpCode(200)
  @RequireRole('marketer')
  pause(@Param('id') id: string) {
    return this.automations.setStatus(id, 'paused');
  }

  @Post('automations/:id/resume')
  @HttpCode(200)
  @RequireRole('marketer')
  resume(@Param('id') id: string) {
    return this.automations.setStatus(id, 'active');
  }

  /** What will be sent in the next 7 days (`days` up to 60), postponed messages with their reason. */
  @Get('automations/:id/upcoming')
  @RequireRole('manager')
  @ApiQuery({ name: 'days', required: false })
  @ApiQuery({ name: 'at', required: false, description: 'ISO-8601; default now' })
  list7(@Param('id') id: string, @Query('days') days?: string, @Query('at') at?: string) {
    const n = days === undefined ? 7 : Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 60)
      throw DomainError.invalid('automations.bad_days', 'days: must be a whole number between 1 and 60', {
        fields: [{ field: 'days', reason: 'must be between 1 and 60' }],
      });
    return this.upcoming.list(id, { days: n, at: parseAt(at) });
  }

  /** Runs the scheduler once as if it were `at` (default now); idempotent. */
  @Post('automations/run')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiQuery({ name: 'at', required: false })
  run(@Query('at') at?: string) {
    return this.scheduler.tick(parseAt(at) ?? new Date());
  }

  /** An event about a contact (a referral that succeeded…): `event` automations react to it. */
  @Post('events')
  @RequireRole('marketer')
  async event(@Body() body: EventDto) {
    const [contact]: Array<{ id: string } | undefined> = await this.dataSource.query(
      `SELECT id::text FROM contacts WHERE external_id = $1 AND erased_at IS NULL`,
      [body.external_id],
    );
    if (!contact) throw DomainError.notFound('events.unknown_contact', `external_id: no contact "${body.external_id}"`);
    const recorded = await this.events.record({
      contactId: contact.id,
      name: body.name,
      occurredAt: body.occurred_at ? new Date(body.occurred_at) : new Date(),
      data: body.data,
      idempotencyKey: `api:${body.idempotency_key}`,
      source: 'api',
    });
    return { id: recorded.id, created: recorded.created };
  }
}
