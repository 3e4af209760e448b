import { isMessageError } from '../channel-sender';
import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import type { SendOutcome } from '../../channels/channel.types';
import { TemplateRenderService } from '../../templates/template-render.service';
import { TemplatesService } from '../../templates/templates.service';
import type { ChannelSender, PreparedChannel, RenderResult, StepContext } from '../channel-sender';
import { printBatchDirectory } from './print-batch-folder';
import { RecipientLoader } from './recipient-loader';

/**
 * Letters: every claimed letter of the run goes into one print batch — a merged PDF sorted by
 * postal code and its manifest — in `$RELANCE_HOME/letters/<campaign id>/`. The deliveries are
 * sent (and, for a letter, delivered) when the batch is written.
 */
/** One letter of a print batch: the recipient and the merge data. */
interface LetterMessage {
  external_id: string;
  data: Record<string, unknown>;
}

@Injectable()
export class LetterSender implements ChannelSender<LetterMessage> {
  readonly channel = 'letter' as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly recipients: RecipientLoader,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async prepare(step: StepContext): Promise<PreparedChannel<LetterMessage>> {
    const snapshot = step.templateVersionId
      ? await this.templates.pinned(step.templateVersionId)
      : await this.templates.resolve(step.template);
    const prepared = await this.renderer.prepare(snapshot, { sender: step.sender });
    return {
      mode: 'batch',
      render: async (deliveries) => {
        const results = new Map<string, RenderResult<LetterMessage>>();
        for (const recipient of await this.recipients.load(step, deliveries)) {
          results.set(recipient.delivery.id, {
            ok: true,
            message: { external_id: String(recipient.contact.external_id), data: recipient.data },
          });
        }
        return results;
      },
      sendBatch: async (items) => {
        const run = new Date();
        const directory = printBatchDirectory(this.config.home, step.campaignId, step.stepId, run);
        const byExternalId = new Map(items.map(({ delivery, message }) => [message.external_id, delivery.id]));
        const outcomes = new Map<string, SendOutcome>();
        try {
          const batch = await this.renderer.renderLetterBatch(
            prepared,
            items.map(({ message }) => message),
            { directory, date: run },
          );
          const skipped = new Map(batch.skipped.map((s) => [s.external_id, s.reasons.join('; ')]));
          for (const [externalId, deliveryId] of byExternalId) {
            const reason = skipped.get(externalId);
            outcomes.set(
              deliveryId,
              reason
                ? { status: 'failed', error: `not printed: ${reason}` }
                : { status: 'sent', providerId: path.basename(batch.pdf) },
            );
          }
          const postage = (items.length - batch.skipped.length) * step.costPerMessage;
          await this.dataSource.query(
            `INSERT INTO print_batches (campaign_id, step_id, letters, pages, pdf_path, manifest_path, postage_cost) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [step.campaignId, step.stepId, batch.letters, batch.pages, batch.pdf, batch.manifest, postage],
          );
        } catch (error) {
          if (!isMessageError(error)) throw error;
          for (const deliveryId of byExternalId.values())
            outcomes.set(deliveryId, { status: 'failed', error: error.message });
        }
        return outcomes;
      },
      close: () => Promise.resolve(),
    };
  }
}
