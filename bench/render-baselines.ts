import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import * as fontkit from 'fontkit';
import mjml2html from 'mjml';
import MailComposer from 'nodemailer/lib/mail-composer';
import { compileTemplate } from '../src/templates/engine/handlebars-environment';
import type { RecipientData } from '../src/templates/engine/recipient-data';
import type { RenderedEmail } from '../src/templates/email/email-template';
import type { MessageHeaders, Mailbox } from '../src/templates/email/mime-message';
import { imageSizes } from '../src/templates/letters/image-size';
import { FONT_DIRECTORY, letterFonts } from '../src/templates/letters/letter-fonts';
import { layoutLetter } from '../src/templates/letters/letter-layout';
import { LetterPdf } from '../src/templates/letters/letter-pdf';
import { renderLetter, type LetterRenderOptions, type PreparedLetter } from '../src/templates/letters/letter-template';
import type { FontStyle } from '../src/templates/letters/line-breaking';

/** The ways relance does not work, measured in the same run for comparison. */

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** MJML compiled and Handlebars compiled (same environment and helpers) for every recipient. */
export async function naiveEmailsPerSecond(seconds: number, mjml: string, audience: RecipientData[]): Promise<number> {
  const started = process.hrtime.bigint();
  let count = 0;
  while (elapsed(started) < seconds) {
    const html = (await mjml2html(mjml, { validationLevel: 'skip', fonts: {} })).html;
    compileTemplate(html, 'html')(audience[count % audience.length]);
    count++;
  }
  return Math.round(count / elapsed(started));
}

/** nodemailer's composer: the whole rendered HTML and text encoded for every message. */
export async function composerMessagesPerSecond(
  seconds: number,
  next: (index: number) => { rendered: RenderedEmail; headers: MessageHeaders },
): Promise<number> {
  const started = process.hrtime.bigint();
  let count = 0;
  while (elapsed(started) < seconds) {
    const { rendered, headers } = next(count);
    const mailbox = (value: Mailbox | string) =>
      typeof value === 'string' ? value : { name: value.name ?? '', address: value.address };
    await new MailComposer({
      from: mailbox(headers.from),
      to: mailbox(headers.to),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: headers.messageId,
      headers: {
        'List-Unsubscribe': headers.listUnsubscribe ?? '',
        'List-Unsubscribe-Post': headers.listUnsubscribePost ?? '',
      },
    })
      .compile()
      .build();
    count++;
  }
  return Math.round(count / elapsed(started));
}

const FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

/** One PDF per letter, its fonts read and parsed again each time. */
export async function naiveLetterPages(
  prepared: PreparedLetter,
  batch: Array<{ data: RecipientData }>,
  options: LetterRenderOptions,
): Promise<number> {
  const started = process.hrtime.bigint();
  let pages = 0;
  for (const { data } of batch) {
    const fonts = Object.fromEntries(
      (Object.keys(FILES) as FontStyle[]).map((style) => [
        style,
        fontkit.create(fs.readFileSync(path.join(FONT_DIRECTORY, FILES[style]))),
      ]),
    );
    const laidOut = layoutLetter(
      renderLetter(prepared, data, options).content,
      imageSizes(prepared.images),
      letterFonts().measurer,
    );
    const sink = new PassThrough();
    sink.resume();
    const pdf = new LetterPdf(sink, {
      title: 'naive',
      date: new Date('2026-11-22T08:00:00Z'),
      fonts: fonts as Record<FontStyle, unknown>,
    });
    pdf.addLetter(laidOut, prepared.images);
    await pdf.end();
    pages += pdf.pages;
  }
  return Math.round(pages / elapsed(started));
}
