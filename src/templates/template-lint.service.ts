import { Injectable } from '@nestjs/common';
import type { RecipientData } from './engine/recipient-data';
import { letterFonts } from './letters/letter-fonts';
import type { LetterImages } from './letters/letter-pdf';
import { lintTemplate, type LintOutcome } from './lint/template-linter';
import { TemplateLibrary, type SampleData, type TemplateSnapshot } from './template-library';
import { TemplateRenderService } from './template-render.service';

/** Printed on previews and lint renders instead of a real response code. */
export const SAMPLE_RESPONSE_CODE = 'EXEMPLE-0000';

/** Runs the linter with the sample data (`templates/sample-data.json`): at save, preview and launch. */
@Injectable()
export class TemplateLintService {
  constructor(
    private readonly library: TemplateLibrary,
    private readonly renderer: TemplateRenderService,
  ) {}

  /**
   * Sample recipient data, or a real contact's data with sample sender, campaign and codes; with
   * what an automation's trigger adds to its campaign data, if given.
   */
  sampleRecipient(sample: SampleData = this.library.sampleData(), contact = sample.contact, trigger?: Record<string, unknown>): RecipientData {
    return this.renderer.recipientData(contact, {
      sender: sample.sender,
      campaign: sample.campaign,
      trigger,
      responseCode: SAMPLE_RESPONSE_CODE,
      unsubscribeUrl: `${this.renderer.renderOptions.publicUrl}/u/${SAMPLE_RESPONSE_CODE}`,
      purchases: sample.purchases,
    });
  }

  private images(snapshot: TemplateSnapshot): LetterImages {
    try {
      return this.renderer.images(this.renderer.definition(snapshot));
    } catch {
      return {}; // the linter reports what is wrong with the template itself
    }
  }

  lint(snapshot: TemplateSnapshot): Promise<LintOutcome> {
    return lintTemplate(
      { reference: snapshot.reference, text: snapshot.text, channel: snapshot.channel, defaults: snapshot.defaults },
      {
        measurer: letterFonts().measurer,
        sampleData: this.sampleRecipient(),
        renderOptions: this.renderer.renderOptions,
        images: this.images(snapshot),
        seed: snapshot.checksum,
      },
    );
  }
}
