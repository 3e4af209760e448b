import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public } from '../../core/auth/auth.decorators';
import { DomainError } from '../../core/errors/domain-error';
import { WebhookSecretGuard } from '../../core/http/webhook-secret.guard';
import { RateLimit } from '../../core/http/rate-limits';
import { InboundRepliesService } from './inbound-replies.service';

class ReplyEmailDto {
  @ApiProperty({ example: 'ines@exemple.ma' }) @IsString() @MaxLength(500) from!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  to?: string | string[];
  @ApiPropertyOptional({ example: 'Re: Nos nouveautés' }) @IsOptional() @IsString() @MaxLength(2000) subject?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200_000) text?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500_000) html?: string;
  @ApiPropertyOptional({ example: '<d42.1a2b3c4d@maison-atlas.fr>' })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  in_reply_to?: string | string[];
  @ApiPropertyOptional() @IsOptional() @IsString({ each: true }) @MaxLength(20_000, { each: true }) references?:
    string | string[];
  @ApiPropertyOptional({ description: "the reply's own Message-ID (idempotency)" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message_id?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() headers?: Record<
    string,
    string | string[]
  >;
  @ApiPropertyOptional() @IsOptional() @IsDateString() received_at?: string;
}

/**
 * Generic JSON webhook for inbound e-mail (what an inbound-parse service posts), authenticated by
 * the shared secret like the SMS one. Answers 200 whether or not the reply matched a message,
 * so that providers do not retry what can never match.
 */
@ApiTags('webhooks')
@ApiHeader({ name: 'X-Webhook-Secret', required: true })
@Public()
@RateLimit('webhook')
@UseGuards(WebhookSecretGuard)
@Controller('webhooks/email')
export class EmailInboundController {
  constructor(private readonly replies: InboundRepliesService) {}

  @Post('inbound')
  @HttpCode(200)
  inbound(@Body() body: ReplyEmailDto) {
    if (!body.subject && !body.text && !body.in_reply_to && !body.references && !body.headers) {
      throw DomainError.invalid(
        'webhooks.empty_email',
        'invalid request: an inbound e-mail needs at least one of subject, text, in_reply_to, references or headers',
        {
          fields: [{ field: 'text', reason: 'nothing to tie the reply to a message' }],
        },
      );
    }
    return this.replies.emailReply(body);
  }
}
