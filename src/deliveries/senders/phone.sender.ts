import { isMessageError } from '../channel-sender';
import { Injectable } from '@nestjs/common';
import { TemplateRenderService } from '../../templates/template-render.service';
import { TemplatesService } from '../../templates/templates.service';
import type { RenderedMessage } from '../../templates/prepared-template';
import type { ChannelSender, PreparedChannel, RenderResult, StepContext } from '../channel-sender';
import { DeliveriesRepository } from '../deliveries.repository';
import { RecipientLoader } from './recipient-loader';

/**
 * Telephone: "sending" puts the contact on the campaign's call list with its CROC script
 * (kept with the delivery); the call's outcome, recorded later, closes it.
 */
@Injectable()
export class PhoneSender implements ChannelSender<RenderedMessage> {
  readonly channel = 'phone' as const;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly recipients: RecipientLoader,
  ) {}

  async prepare(step: StepContext): Promise<PreparedChannel<RenderedMessage>> {
    const snapshot = step.templateVersionId
      ? await this.templates.pinned(step.templateVersionId)
      : await this.templates.resolve(step.template);
    const prepared = await this.renderer.prepare(snapshot, { sender: step.sender });
    return {
      mode: 'batch',
      render: async (deliveries) => {
        const results = new Map<string, RenderResult<RenderedMessage>>();
        for (const recipient of await this.recipients.load(step, deliveries)) {
          try {
            results.set(recipient.delivery.id, { ok: true, message: this.renderer.render(prepared, recipient.data) });
          } catch (error) {
            if (!isMessageError(error)) throw error;
            results.set(recipient.delivery.id, { ok: false, reason: error.message });
          }
        }
        return results;
      },
      sendBatch: async (items) => {
        await this.deliveries.attachCallScripts(
          items.map(({ delivery, message }) => ({ id: delivery.id, script: message })),
        );
        return new Map(
          items.map(({ delivery }) => [delivery.id, { status: 'sent' as const, providerId: 'call-list' }]),
        );
      },
      close: () => Promise.resolve(),
    };
  }
}
