import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mjml2html from 'mjml';
import { PACKAGE_ROOT } from '../src/core/package-root';
import { buildRecipientData, type RecipientData } from '../src/templates/engine/recipient-data';
import { prepareEmail, renderEmail, renderEmailMessage } from '../src/templates/email/email-template';
import { writeLetterBatch } from '../src/templates/letters/letter-batch';
import { prepareLetter } from '../src/templates/letters/letter-template';
import { parseFrontMatter } from '../src/templates/source/front-matter';
import { parseTemplateSource } from '../src/templates/source/template-definition';
import { option } from './bench-database';
import { composerMessagesPerSecond, naiveEmailsPerSecond, naiveLetterPages } from './render-baselines';

/**
 * `npm run bench render`: personalised e-mails per second with MJML compiled once versus MJML per
 * recipient, complete MIME messages per second versus nodemailer's composer, and letter pages per
 * second in a print batch versus one document per letter with fonts parsed each time. Everything
 * runs in this one process, on one core.
 */
const PUBLIC_URL = 'https://relance.example';
const FIRST_NAMES = ['Hélène', 'Youssef', 'Zoé', 'Fatima', 'Gaël', 'Inès', 'Karim', 'Anaïs', 'Omar', 'Léa'];
const CITIES = ['Casablanca', 'Rabat', 'Lyon', 'Marseille', 'Saint-Étienne', 'Fès'];

function product(index: number): string {
  return `
    <mj-section background-color="#ffffff" padding="20px 32px">
      <mj-column width="40%"><mj-image src="https://cdn.maison-atlas.example/p/${index}.jpg" alt="Article ${index}" /></mj-column>
      <mj-column width="60%">
        <mj-text font-size="18px" font-weight="bold" color="#1f4e5f">Article ${index} de la collection</mj-text>
        <mj-text>Une pièce choisie pour vous, {{default first_name "cher client"}} : tissée à la main, livrée chez vous à {{city}} sous huit jours. Prix membre : {{money (default attr.price_${index % 3} 1290) "MAD"}}.</mj-text>
        <mj-button href="{{response_url}}&amp;item=${index}">Voir l'article</mj-button>
      </mj-column>
    </mj-section>`;
}

/** A newsletter-like e-mail of about 50 KB of HTML, personalised throughout. */
export async function benchEmailSource(targetBytes: number): Promise<{ source: string; htmlBytes: number }> {
  for (let products = 4; ; products += 2) {
    const body = `<mjml lang="fr"><mj-head><mj-attributes><mj-all font-family="Georgia, serif" /></mj-attributes></mj-head><mj-body background-color="#f4f1ec">
      <mj-section><mj-column><mj-text align="center" font-size="28px">{{sender.name}}</mj-text></mj-column></mj-section>
      <mj-section background-color="#ffffff" padding="24px 32px"><mj-column>
        <mj-text>{{salutation}},</mj-text>
        <mj-text>Vous avez cumulé {{plural attr.points "point" "points"}}. Votre carte expire le {{date loyalty_card_expires_on}}.</mj-text>
      </mj-column></mj-section>
      ${Array.from({ length: products }, (_, index) => product(index)).join('')}
      <mj-section><mj-column><mj-text font-size="12px">{{sender.name}} · {{sender.postal_address}} · <a href="{{unsubscribe_url}}">Se désinscrire</a></mj-text></mj-column></mj-section>
    </mj-body></mjml>`;
    const source = `---\nobjective: launch\nsubject: "{{first_name}}, notre sélection pour vous"\npreheader: "{{plural attr.points 'point' 'points'}} à utiliser"\n---\n${body}`;
    const htmlBytes = Buffer.byteLength((await mjml2html(body, { validationLevel: 'skip', fonts: {} })).html);
    if (htmlBytes >= targetBytes) return { source, htmlBytes };
  }
}

export function benchRecipients(count: number): RecipientData[] {
  return Array.from({ length: count }, (_, index) =>
    buildRecipientData(
      {
        external_id: `C${index}`,
        type: 'person',
        civility: index % 2 ? 'Mme' : 'M.',
        first_name: FIRST_NAMES[index % 10],
        last_name: `Nom${index}`,
        email: `client${index}@exemple.fr`,
        address_line1: `${index % 200} rue de la République`,
        postal_code: String(10000 + ((index * 7919) % 89999)),
        city: CITIES[index % 6],
        country: index % 3 ? 'FR' : 'MA',
        loyalty_card_expires_on: '2027-01-15',
        attributes: { points: (index * 37) % 5000, price_1: 990 },
      },
      {
        sender: {
          name: 'Maison Atlas',
          postal_address: "27, boulevard d'Anfa, 20000 Casablanca",
          place: 'Casablanca',
          country: 'MA',
          signatory_name: 'Yasmine El Amrani',
          signatory_title: 'Directrice de la relation client',
        },
        campaign: { id: 'bench', data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' } },
        responseCode: `B${index.toString(36).padStart(6, '0')}`,
        unsubscribeUrl: `${PUBLIC_URL}/u/${index.toString(36)}`,
        publicUrl: PUBLIC_URL,
        today: '2026-11-22',
        defaultCurrency: 'MAD',
      },
    ),
  );
}

/** Runs `work` repeatedly for about `seconds` and returns operations per second. */
function rate(seconds: number, work: (iteration: number) => unknown): { per_second: number; operations: number } {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  let operations = 0;
  let sink = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let batch = 0; batch < 50; batch++) {
      const result = work(operations++);
      sink += typeof result === 'string' ? result.length : result instanceof Buffer ? result.length : 1;
    }
  }
  if (sink < 0) process.stderr.write('');
  return { per_second: Math.round(operations / (Number(process.hrtime.bigint() - started) / 1e9)), operations };
}

async function emailBenchmarks(seconds: number, audience: RecipientData[]) {
  const { source, htmlBytes } = await benchEmailSource(50_000);
  const definition = parseTemplateSource({ reference: 'bench/newsletter.mjml', text: source, channel: 'email' });
  const prepared = await prepareEmail(definition, 'bench');
  renderEmail(prepared, audience[0]);
  process.stderr.write(`bench render: e-mail of ${(htmlBytes / 1024).toFixed(0)} KB, compiled once…\n`);
  const compiledOnce = rate(seconds, (index) => renderEmail(prepared, audience[index % audience.length]).html);
  process.stderr.write('bench render: the naive way, MJML and Handlebars compiled per recipient…\n');
  const naive = await naiveEmailsPerSecond(seconds, definition.body.text, audience);
  process.stderr.write('bench render: complete MIME messages…\n');
  const headers = (index: number) => ({
    from: { name: 'Maison Atlas', address: 'contact@maison-atlas.example' },
    to: { name: `${FIRST_NAMES[index % 10]} Nom${index}`, address: `client${index}@exemple.fr` },
    messageId: `m${index}@relance.example`,
    listUnsubscribe: `<${PUBLIC_URL}/u/${index.toString(36)}>`,
    listUnsubscribePost: 'List-Unsubscribe=One-Click',
  });
  const mime = rate(seconds, (index) =>
    renderEmailMessage(prepared, audience[index % audience.length], headers(index)),
  );
  process.stderr.write(
    'bench render: the same messages with nodemailer’s composer (rendered HTML, encoded per message)…\n',
  );
  const composer = await composerMessagesPerSecond(seconds, (index) => ({
    rendered: renderEmail(prepared, audience[index % audience.length]),
    headers: headers(index),
  }));
  return { htmlBytes, compiledOnce, naive, mime, composer };
}

async function letterBenchmarks(letters: number, audience: RecipientData[]) {
  const read = (file: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', file));
  const definition = parseTemplateSource({
    reference: 'templates/letters/winback.hbs',
    text: read('letters/winback.hbs').toString(),
    defaults: parseFrontMatter(read('letters/_defaults.yml').toString()),
  });
  const prepared = prepareLetter(definition, {
    logo: read('assets/logo.png'),
    signature: read('assets/signature.png'),
  });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-letters-'));
  const batch = audience.slice(0, letters).map((data, index) => ({ external_id: `C${index}`, data }));
  const options = { directory, date: new Date('2026-11-22T08:00:00Z'), defaultCountry: 'MA', publicUrl: PUBLIC_URL };
  try {
    await writeLetterBatch(prepared, batch.slice(0, 20), options);
    process.stderr.write(`bench render: print batch of ${letters} letters…\n`);
    const started = process.hrtime.bigint();
    const result = await writeLetterBatch(prepared, batch, options);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write('bench render: one PDF per letter, fonts parsed per letter (the naive way)…\n');
    const naive = await naiveLetterPages(prepared, batch.slice(0, 60), options);
    return { pages: result.pages, seconds, bytes: fs.statSync(result.pdf).size, naive };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<number> {
  const seconds = option(args, 'seconds', 3);
  const letters = option(args, 'letters', 2000);
  const audience = benchRecipients(Math.max(letters, 10_000));
  const email = await emailBenchmarks(seconds, audience);
  const letter = await letterBenchmarks(letters, audience);
  const pagesPerSecond = Math.round(letter.pages / letter.seconds);
  const result = {
    cpu: os.cpus()[0]?.model,
    node: process.version,
    single_thread: true,
    email: {
      html_kb: Math.round(email.htmlBytes / 1024),
      compiled_once_per_second: email.compiledOnce.per_second,
      mjml_per_recipient_per_second: email.naive,
      speedup: Math.round(email.compiledOnce.per_second / Math.max(1, email.naive)),
    },
    mime: {
      messages_per_second: email.mime.per_second,
      nodemailer_composer_per_second: email.composer,
      speedup: Math.round((email.mime.per_second / Math.max(1, email.composer)) * 10) / 10,
    },
    letters: {
      letters,
      pages: letter.pages,
      seconds: Math.round(letter.seconds * 100) / 100,
      pages_per_second: pagesPerSecond,
      pdf_mb: Math.round(letter.bytes / 1e5) / 10,
      naive_pages_per_second: letter.naive,
    },
    targets: {
      email_per_second: '>= 40000',
      email_speedup: '>= 100',
      mime_per_second: '>= 10000',
      letter_pages_per_second: '>= 300',
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  const ok =
    result.email.compiled_once_per_second >= 40_000 &&
    result.email.speedup >= 100 &&
    result.mime.messages_per_second >= 10_000 &&
    pagesPerSecond >= 300;
  process.stderr.write(`bench render: ${ok ? 'targets met' : 'TARGETS MISSED'}\n`);
  return 0;
}
