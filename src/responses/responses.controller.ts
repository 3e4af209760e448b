import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { RequireRole } from '../core/auth/auth.decorators';
import { RESPONSE_KINDS, ResponsesService } from './responses.service';
import { CALL_OUTCOMES, CallOutcomesService } from './call-outcomes.service';
import { SurveysService } from './surveys.service';

class RecordResponseDto {
  @ApiProperty({ example: '7K3M-9QX2-F4P' }) @IsString() @MaxLength(40) code!: string;
  @ApiPropertyOptional({ enum: RESPONSE_KINDS, default: 'coupon' }) @IsOptional() @IsIn(RESPONSE_KINDS) kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) value?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() positive?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() details?: Record<
    string,
    unknown
  >;
}

class CallOutcomeDto {
  @ApiProperty({ enum: CALL_OUTCOMES }) @IsIn(CALL_OUTCOMES) outcome!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('api/v1')
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly calls: CallOutcomesService,
    private readonly surveys: SurveysService,
  ) {}

  /** A response recorded by hand: a coupon returned by post, a reply… (same coupon twice counts once). */
  @Post('responses')
  @HttpCode(200)
  @RequireRole('marketer')
  async record(@Body() body: RecordResponseDto) {
    const recorded = await this.responses.record({
      kind: (body.kind ?? 'coupon') as 'coupon',
      code: body.code,
      value: body.value,
      positive: body.positive,
      details: body.details,
      source: 'api',
    });
    return { delivery_id: recorded.delivery_id, campaign_id: recorded.campaign_id, duplicate: recorded.duplicate };
  }

  /** The outcome of a call from a campaign's call list; it closes the call. */
  @Post('deliveries/:id/call-outcome')
  @HttpCode(200)
  @RequireRole('marketer')
  callOutcome(@Param('id') id: string, @Body() body: CallOutcomeDto) {
    return this.calls.record(id, body.outcome as (typeof CALL_OUTCOMES)[number], body.note, 'api');
  }

  @Get('surveys/detractors')
  @RequireRole('manager')
  detractors() {
    return this.surveys.detractors();
  }
}
