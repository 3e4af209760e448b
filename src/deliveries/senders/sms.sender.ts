import { isMessageError } from '../channel-sender';
import { Inject, Injectable } from '@nestjs/common';
import { Transports } from '../../channels/transports';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { TemplateRenderService } from '../../templates/template-render.service';
import { TemplatesService } from '../../templates/templates.service';
import type { ChannelSender, PreparedChannel, RenderResult, StepContext } from '../channel-sender';
import { RecipientLoader } from './recipient-loader';

/** SMS: the text rendered per recipient (opt-out mention included for marketing), the configured provider. */
/** An SMS ready to hand to the transport. */
interface SmsMessage {
  to: string;
  text: string;
}

@Injectable()
export class SmsSender implements ChannelSender<SmsMessage> {
  readonly channel = 'sms' as const;

  constructor(
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly recipients: RecipientLoader,
    private readonly transports: Transports,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async prepare(step: StepContext): Promise<PreparedChannel<SmsMessage>> {
    const snapshot = step.templateVersionId
      ? await this.templates.pinned(step.templateVersionId)
      : await this.templates.resolve(step.template);
    const sender = { sms_stop_number: this.config.sms.stopNumber, ...(step.sender as object) };
    const prepared = await this.renderer.prepare(snapshot, { sender });
    const transport = this.transports.sms();
    return {
      mode: 'stream',
      render: async (deliveries) => {
        const results = new Map<string, RenderResult<SmsMessage>>();
        for (const recipient of await this.recipients.load({ ...step, sender }, deliveries)) {
          try {
            const rendered = this.renderer.render(prepared, recipient.data) as { text: string };
            results.set(recipient.delivery.id, {
              ok: true,
              message: { to: recipient.contact.phone as string, text: rendered.text },
            });
          } catch (error) {
            if (!isMessageError(error)) throw error;
            results.set(recipient.delivery.id, { ok: false, reason: error.message });
          }
        }
        return results;
      },
      send: (delivery, sms) => {
        return transport.send({ deliveryId: delivery.id, to: sms.to, text: sms.text, sender: this.config.sms.sender });
      },
      close: () => Promise.resolve(),
    };
  }
}
