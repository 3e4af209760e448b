import { Inject, Injectable } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { ResponseLinks } from '../core/security/response-links';
import { localDate } from '../contacts/normalisation/calendar';
import { buildRecipientData, type ContactJson, type RecipientContext, type RecipientData, type SenderData } from './engine/recipient-data';
import { RecipientProblemCollector, recipientProblemsError, requiredVariables, type Recipient, type RecipientProblems } from './engine/recipient-check';
import { renderEmailMessage, withTrackedVariant, type PreparedEmail, type TrackingTokens } from './email/email-template';
import type { MessageHeaders } from './email/mime-message';
import { imageSizes } from './letters/image-size';
import { writeLetterBatch, type LetterBatchResult } from './letters/letter-batch';
import { letterFonts } from './letters/letter-fonts';
import { layoutLetter } from './letters/letter-layout';
import { LetterPdf, type LetterImages } from './letters/letter-pdf';
import { renderLetter, type PreparedLetter } from './letters/letter-template';
import { prepareTemplate, renderMessage, type PreparedTemplate, type RenderedMessage } from './prepared-template';
import type { SmsPrice } from './sms/sms-template';
import { parseTemplateSource, type TemplateDefinition } from './source/template-definition';
import { TemplateLibrary, type TemplateSnapshot } from './template-library';

export type RecipientDataContext = Omit<RecipientContext, 'publicUrl' | 'defaultCurrency' | 'today'> & { today?: string };

const CACHE_SIZE = 32;

/**
 * What the campaign engine calls: `prepare` a pinned template version once per campaign run, then
 * per contact `recipientData` + `render` (or `renderEmailMessage` for a ready-to-send MIME message);
 * letters go out as a print batch through `renderLetterBatch`. `assertRenderable` is the launch
 * check over the whole audience.
 */
@Injectable()
export class TemplateRenderService {
  private readonly cache = new Map<string, Promise<PreparedTemplate>>();

  constructor(
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    private readonly library: TemplateLibrary,
    private readonly responseLinks: ResponseLinks,
  ) {}

  get renderOptions() {
    return { defaultCountry: this.config.defaultCountry, publicUrl: this.config.publicUrl };
  }

  /** Today in the installation's time zone (YYYY-MM-DD): the default date of letters. */
  today(): string {
    return localDate(new Date(), this.config.defaultTimezone);
  }

  definition(snapshot: TemplateSnapshot): TemplateDefinition {
    return parseTemplateSource({ reference: snapshot.reference, text: snapshot.text, channel: snapshot.channel, defaults: snapshot.defaults });
  }

  /** Letters' logo and signature: the sender's own images if named, else the template's. */
  images(definition: TemplateDefinition, sender?: SenderData): LetterImages {
    if (definition.channel !== 'letter') return {};
    const logo = this.library.asset(sender?.logo ?? definition.fields.logo?.text);
    const signature = this.library.asset(sender?.signature ?? definition.fields.signature?.text);
    return { ...(logo ? { logo } : {}), ...(signature ? { signature } : {}) };
  }

  /**
   * Compiles a template version once (MJML included); cached by content and images. With
   * `tracking`, an e-mail also gets its tracked variant (links through the redirect, open pixel).
   */
  prepare(snapshot: TemplateSnapshot, options: { sender?: SenderData; tracking?: boolean } = {}): Promise<PreparedTemplate> {
    const tracking = options.tracking === true && snapshot.channel !== 'letter';
    const key = `${snapshot.checksum}|${options.sender?.logo ?? ''}|${options.sender?.signature ?? ''}|${tracking ? 'tracked' : ''}`;
    let prepared = this.cache.get(key);
    if (!prepared) {
      const definition = this.definition(snapshot);
      prepared = prepareTemplate(definition, { seed: snapshot.checksum, images: this.images(definition, options.sender) })
        .then((template) => (tracking && template.channel === 'email' ? withTrackedVariant(template, this.config.publicUrl) : template));
      prepared.catch(() => this.cache.delete(key));
      this.cache.set(key, prepared);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return prepared;
  }

  /** The merge data of one contact (`contactToJson` shape plus purchases, sender, campaign, codes and links). */
  recipientData(contact: ContactJson, context: RecipientDataContext): RecipientData {
    const responseUrl = context.responseUrl ?? (context.responseCode ? this.responseLinks.url(context.responseCode) : undefined);
    return buildRecipientData(contact, { ...context, responseUrl, today: context.today ?? this.today(), publicUrl: this.config.publicUrl, defaultCurrency: this.config.defaultCurrency });
  }

  render(prepared: PreparedTemplate, data: RecipientData, options: { smsPrice?: SmsPrice } = {}): RenderedMessage {
    return renderMessage(prepared, data, { ...this.renderOptions, smsPrice: options.smsPrice });
  }

  /** Renders every recipient and reports, per variable, how many lack it (and which). */
  checkRecipients(prepared: PreparedTemplate, recipients: Recipient[]): RecipientProblems {
    const collector = new RecipientProblemCollector(requiredVariables(prepared.parts));
    for (const recipient of recipients) collector.check(recipient, () => this.render(prepared, recipient.data));
    return collector.result();
  }

  /** The launch check: throws `templates.missing_variable` naming each variable and the contacts lacking it. */
  assertRenderable(prepared: PreparedTemplate, recipients: Recipient[]): void {
    const problems = this.checkRecipients(prepared, recipients);
    if (problems.missing.length || problems.invalid.length) throw recipientProblemsError(prepared.definition.reference, problems);
  }

  /**
   * A complete MIME message (headers, text and HTML alternatives) ready for SMTP or an .eml file;
   * with `tracking` tokens, the tracked variant (the template must have been prepared with it).
   */
  renderEmailMessage(prepared: PreparedTemplate, data: RecipientData, headers: MessageHeaders, tracking?: TrackingTokens): Buffer {
    return renderEmailMessage(this.expect(prepared, 'email') as PreparedEmail, data, headers, tracking);
  }

  /** One merged PDF sorted by postal code plus manifest.csv, in `directory` (e.g. `$RELANCE_HOME/letters/<campaign id>/`). */
  renderLetterBatch(prepared: PreparedTemplate, recipients: Recipient[], options: { directory: string; date?: Date; duplex?: boolean; title?: string }): Promise<LetterBatchResult> {
    return writeLetterBatch(this.expect(prepared, 'letter') as PreparedLetter, recipients, { ...this.renderOptions, date: options.date ?? new Date(), ...options });
  }

  /** One letter as a PDF (previews). */
  async renderLetterPdf(prepared: PreparedTemplate, data: RecipientData, date = new Date()): Promise<{ pdf: Buffer; pages: number; problems: string[] }> {
    const letter = this.expect(prepared, 'letter') as PreparedLetter;
    const rendered = renderLetter(letter, data, this.renderOptions);
    const laidOut = layoutLetter(rendered.content, imageSizes(letter.images), letterFonts().measurer);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const pdf = new LetterPdf(stream, { title: letter.definition.title ?? letter.definition.reference, date });
    pdf.addLetter(laidOut, letter.images);
    await pdf.end();
    return { pdf: Buffer.concat(chunks), pages: pdf.pages, problems: rendered.problems };
  }

  private expect(prepared: PreparedTemplate, channel: PreparedTemplate['channel']): PreparedTemplate {
    if (prepared.channel !== channel) {
      throw DomainError.invalid('templates.wrong_channel', `${prepared.definition.reference} is a ${prepared.channel} template, not ${channel === 'email' ? 'an' : 'a'} ${channel} one`);
    }
    return prepared;
  }
}
