import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../src/core/package-root';
import type { RecipientData } from '../src/templates/engine/recipient-data';
import { writeLetterBatch } from '../src/templates/letters/letter-batch';
import { prepareLetter } from '../src/templates/letters/letter-template';
import { parseFrontMatter } from '../src/templates/source/front-matter';
import { parseTemplateSource } from '../src/templates/source/template-definition';
import { option } from './bench-database';
import { benchRecipients } from './render.bench';

/**
 * `npm run bench letters`: the same personalised letters, from the same recipients, as one PDF —
 * relance's print batch (the win-back letter of the library: compiled once, merged, laid out by
 * pdfkit) beside LibreOffice, the tool a marketer uses today: the letters merged into one
 * OpenDocument text (flat XML, one letter per page: sender, address block, date, object,
 * salutation, the same paragraphs with the same merged values, signature, P.S. and the reply
 * coupon with its boxes) and converted to PDF by `soffice --headless --convert-to pdf`. The
 * LibreOffice time counts the merge and the conversion, as relance's counts its merge and layout.
 * Rounds alternate between the two. Skipped, with a message, when `soffice` is not installed
 * (Debian: `apt-get install libreoffice-writer`).
 */
const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';

function sofficeVersion(): string | undefined {
  const probe = spawnSync(SOFFICE, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function field(data: RecipientData, name: string): string {
  const value = (data as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** One letter's paragraphs, as the win-back letter reads once merged (money and dates in French). */
function letterParagraphs(data: RecipientData): Array<{ style: string; text: string }> {
  const first = field(data, 'first_name');
  const salutation = field(data, 'civility') === 'Mme' ? 'Chère Madame' : 'Cher Monsieur';
  const amount = '200,00 MAD';
  const ends = '31 janvier 2027';
  const p = (text: string, style = 'Body') => ({ style, text });
  return [
    p("Maison Atlas — 27, boulevard d'Anfa, 20000 Casablanca", 'Sender'),
    p(`${field(data, 'civility')} ${first} ${field(data, 'last_name')}`, 'Address'),
    p(field(data, 'address_line1'), 'Address'),
    p(`${field(data, 'postal_code')} ${field(data, 'city')}`, 'Address'),
    p('Casablanca, le 22 novembre 2026', 'Date'),
    p(`Objet : votre bon d'achat de ${amount}`, 'Object'),
    p(`${first ? `${first}, vous` : 'Vous'} nous manquez : un bon d'achat de ${amount} vous attend`, 'Hook'),
    p(`${salutation},`),
    p(
      "Cela fait plusieurs mois que nous n'avons pas eu le plaisir de vous voir chez Maison Atlas. Votre absence nous interpelle. Nous préférons donc vous poser la question franchement : avons-nous fait quelque chose qui vous a déçu ?",
    ),
    p(
      "Si c'est le cas, nous voulons le savoir. Un délai non tenu, un conseil mal adapté, un produit décevant : chaque remarque nous aide à mieux vous servir. Il vous suffit de cocher la case qui vous correspond sur le coupon ci-dessous.",
    ),
    p(
      `Pour vous remercier de votre fidélité, nous vous offrons un bon d'achat de ${amount}, valable jusqu'au ${ends} dans tous nos magasins.`,
    ),
    p(
      'Mais ce n’est pas tout : votre conseiller vous appellera dans quelques jours. Vous pourrez lui dire simplement ce que nous pouvons faire pour regagner votre confiance.',
    ),
    p(
      `Dans l'attente du plaisir de vous revoir, nous vous prions d'agréer, ${salutation}, l'expression de nos sentiments dévoués.`,
    ),
    p('Yasmine El Amrani, directrice de la relation client', 'Signature'),
    p(
      `P.S. Votre bon est déjà enregistré à votre nom. Il vous suffit de présenter cette lettre en magasin avant le ${ends}.`,
    ),
    p(`Oui, je veux profiter de mon bon d'achat de ${amount}`, 'Coupon'),
    p('☐ Je passerai en magasin avec cette lettre', 'Coupon'),
    p('☐ Je préfère que mon conseiller me rappelle', 'Coupon'),
    p("☐ Je vous dis ce qui m'a déçu : ......................................................", 'Coupon'),
    p(`Code réponse : ${field(data, 'response_code')}`, 'Coupon'),
  ];
}

const STYLES = `<office:styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.25cm" fo:text-align="justify"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt"/></style:style>
<style:style style:name="Sender" style:family="paragraph" style:parent-style-name="Body"><style:text-properties fo:font-size="9pt"/></style:style>
<style:style style:name="Address" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:margin-left="10cm" fo:margin-bottom="0cm"/></style:style>
<style:style style:name="Date" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:margin-top="1cm" fo:text-align="end"/></style:style>
<style:style style:name="Object" style:family="paragraph" style:parent-style-name="Body"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Hook" style:family="paragraph" style:parent-style-name="Body"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:margin-left="9cm"/></style:style>
<style:style style:name="Coupon" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:margin-bottom="0.1cm"/><style:text-properties fo:font-size="10pt"/></style:style>
<style:style style:name="First" style:family="paragraph" style:parent-style-name="Sender"><style:paragraph-properties fo:break-before="page"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>`;

/** The merged document: every letter on a page of its own, in one flat OpenDocument text. */
export function mergedDocument(audience: RecipientData[]): string {
  const letters = audience.map((data, index) =>
    letterParagraphs(data)
      .map(
        ({ style, text }, line) =>
          `<text:p text:style-name="${index > 0 && line === 0 ? 'First' : style}">${escapeXml(text)}</text:p>`,
      )
      .join(''),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
${STYLES}
<office:body><office:text>${letters.join('\n')}</office:text></office:body></office:document>`;
}

async function relanceRound(audience: RecipientData[], directory: string): Promise<{ seconds: number; pages: number }> {
  const read = (file: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', file));
  const started = process.hrtime.bigint();
  const definition = parseTemplateSource({
    reference: 'templates/letters/winback.hbs',
    text: read('letters/winback.hbs').toString(),
    defaults: parseFrontMatter(read('letters/_defaults.yml').toString()),
  });
  const prepared = prepareLetter(definition, {
    logo: read('assets/logo.png'),
    signature: read('assets/signature.png'),
  });
  const batch = audience.map((data, index) => ({ external_id: `C${index}`, data }));
  const result = await writeLetterBatch(prepared, batch, {
    directory,
    date: new Date('2026-11-22T08:00:00Z'),
    defaultCountry: 'MA',
    publicUrl: 'https://relance.example',
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, pages: result.pages };
}

function libreOfficeRound(audience: RecipientData[], directory: string): { seconds: number; pages: number } {
  const started = process.hrtime.bigint();
  const source = path.join(directory, 'lettres.fodt');
  fs.writeFileSync(source, mergedDocument(audience));
  // A profile of its own: a soffice already running for the user would otherwise take the job.
  const profile = `file://${path.join(directory, 'profile')}`;
  execFileSync(
    SOFFICE,
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', directory, source],
    { stdio: 'ignore', timeout: 30 * 60_000 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pdf = fs.readFileSync(path.join(directory, 'lettres.pdf'), 'latin1');
  return { seconds, pages: (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(args: string[]): Promise<number> {
  const letters = option(args, 'letters', 1000);
  const runs = option(args, 'runs', 3);
  const version = sofficeVersion();
  if (!version) {
    process.stderr.write(`bench letters: ${SOFFICE} not found (apt-get install libreoffice-writer): skipped\n`);
    process.stdout.write(`${JSON.stringify({ letters, skipped: `${SOFFICE} not installed` })}\n`);
    return 0;
  }
  const audience = benchRecipients(letters);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-libreoffice-'));
  const rounds: Array<{ relance: number; libreoffice: number; relance_pages: number; libreoffice_pages: number }> = [];
  try {
    // Warm-ups: LibreOffice creates its profile, Node compiles relance's code — first-run costs, not a batch's.
    libreOfficeRound(audience.slice(0, 5), directory);
    await relanceRound(audience.slice(0, 5), directory);
    for (let round = 1; round <= runs; round++) {
      process.stderr.write(`bench letters: round ${round}/${runs}, ${letters} letters each…\n`);
      const ours = await relanceRound(audience, directory);
      const theirs = libreOfficeRound(audience, directory);
      rounds.push({
        relance: letters / ours.seconds,
        libreoffice: letters / theirs.seconds,
        relance_pages: ours.pages,
        libreoffice_pages: theirs.pages,
      });
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const ratios = rounds.map((r) => r.relance / r.libreoffice);
  const result = {
    letters,
    libreoffice_version: version,
    relance: { letters_per_second: Math.round(median(rounds.map((r) => r.relance))), pages: rounds[0].relance_pages },
    libreoffice: {
      letters_per_second: Math.round(median(rounds.map((r) => r.libreoffice)) * 10) / 10,
      pages: rounds[0].libreoffice_pages,
    },
    relance_vs_libreoffice: Math.round(median(ratios) * 10) / 10,
    rounds: rounds.map((r) => ({ relance: Math.round(r.relance), libreoffice: Math.round(r.libreoffice * 10) / 10 })),
    targets: { relance_vs_libreoffice: '>= 10' },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return 0;
}
