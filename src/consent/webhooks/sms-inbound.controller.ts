import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public } from '../../core/auth/auth.decorators';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { WebhookSecretGuard } from '../../core/http/webhook-secret.guard';
import { RateLimit } from '../../core/http/rate-limits';
import { normalisePhone } from '../../contacts/normalisation/phone';
import { InboundSmsDispatcher } from './inbound-sms';

class InboundSmsDto {
  @ApiProperty({ example: '+33612345678' }) @IsString() @MaxLength(40) from!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) to?: string;
  @ApiProperty({ example: 'STOP' }) @IsString() @MaxLength(2000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString() received_at?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) id?: string;
}

/**
 * Generic JSON provider webhook for inbound SMS (`{from, to, text, received_at, id}`), authenticated
 * by the shared secret. Answers `{received, duplicate}`: a message sent again with the same `id`
 * (a provider's retry) changes nothing and is answered as a duplicate.
 */
@ApiTags('webhooks')
@ApiHeader({ name: 'X-Webhook-Secret', required: true })
@Public()
@RateLimit('webhook')
@UseGuards(WebhookSecretGuard)
@Controller('webhooks/sms')
export class SmsInboundController {
  constructor(
    private readonly handlers: InboundSmsDispatcher,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  async inbound(@Body() body: InboundSmsDto) {
    let from = body.from.trim();
    try {
      from = normalisePhone(from, this.config.defaultCountry);
    } catch {
      // Keep the raw sender: a short code or an unparsable number still gets its message recorded.
    }
    const outcome = await this.handlers.dispatch({
      from,
      to: body.to,
      text: body.text,
      receivedAt: body.received_at ? new Date(body.received_at) : new Date(),
      providerId: body.id,
    });
    return { received: true, duplicate: outcome.duplicate };
  }
}
