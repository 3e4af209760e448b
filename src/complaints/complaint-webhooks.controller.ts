import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public } from '../core/auth/auth.decorators';
import { WebhookSecretGuard } from '../core/http/webhook-secret.guard';
import { RateLimit } from '../core/http/rate-limits';
import { ComplaintSourcesService } from './complaint-sources.service';
import { ComplaintEmailDto } from './complaint.dto';

/**
 * Inbound e-mail to the complaints mailbox, as JSON from the mail provider's parse webhook
 * (`{from, name, subject, text, message_id, received_at, attachments}`), authenticated by the
 * shared secret. A reply quoting a reference joins that complaint's thread.
 */
@ApiTags('webhooks')
@ApiHeader({ name: 'X-Webhook-Secret', required: true })
@Public()
@RateLimit('webhook')
@UseGuards(WebhookSecretGuard)
@Controller('webhooks/complaints')
export class ComplaintWebhooksController {
  constructor(private readonly sources: ComplaintSourcesService) {}

  @Post('email')
  @HttpCode(200)
  async email(@Body() body: ComplaintEmailDto) {
    const result = await this.sources.fromEmail({
      from: body.from,
      name: body.name,
      subject: body.subject,
      text: body.text,
      messageId: body.message_id,
      receivedAt: body.received_at ? new Date(body.received_at) : undefined,
      attachments: body.attachments,
    });
    return {
      reference: result.reference,
      threaded: result.threaded,
      status: result.receipt?.status,
      due_at: result.receipt?.due_at,
      acknowledgement_delivery_id: result.receipt?.acknowledgement_delivery_id,
    };
  }
}
