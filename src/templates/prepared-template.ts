import type { RecipientData } from './engine/recipient-data';
import { prepareEmail, renderEmail, type PreparedEmail, type RenderedEmail } from './email/email-template';
import type { LetterImages } from './letters/letter-pdf';
import { letterText, prepareLetter, renderLetter, type LetterRenderOptions, type PreparedLetter, type RenderedLetter } from './letters/letter-template';
import { preparePhone, renderPhone, type PreparedPhone, type RenderedPhone } from './phone/call-script';
import { prepareSms, renderSms, type PreparedSms, type RenderedSms, type SmsPrice } from './sms/sms-template';
import type { TemplateDefinition } from './source/template-definition';

/**
 * One template version, compiled once and ready to merge for any number of recipients:
 * `prepareTemplate` once per campaign, then `renderMessage` per contact.
 */
export type PreparedTemplate = PreparedEmail | PreparedLetter | PreparedSms | PreparedPhone;

export type RenderedLetterMessage = RenderedLetter & { text: string };
export type RenderedMessage = RenderedEmail | RenderedLetterMessage | RenderedSms | RenderedPhone;

export interface PrepareOptions {
  /** Identifies the version (its checksum): seeds the MIME boundary. */
  seed: string;
  images?: LetterImages;
}

export interface RenderOptions extends LetterRenderOptions {
  smsPrice?: SmsPrice;
}

export async function prepareTemplate(definition: TemplateDefinition, options: PrepareOptions): Promise<PreparedTemplate> {
  switch (definition.channel) {
    case 'email':
      return prepareEmail(definition, options.seed);
    case 'letter':
      return prepareLetter(definition, options.images ?? {});
    case 'sms':
      return prepareSms(definition);
    case 'phone':
      return preparePhone(definition);
  }
}

export function renderMessage(prepared: PreparedTemplate, data: RecipientData, options: RenderOptions): RenderedMessage {
  switch (prepared.channel) {
    case 'email':
      return renderEmail(prepared, data);
    case 'letter': {
      const letter = renderLetter(prepared, data, options);
      return { ...letter, text: letterText(letter.content) };
    }
    case 'sms':
      return renderSms(prepared, data, options.smsPrice);
    case 'phone':
      return renderPhone(prepared, data);
  }
}
