import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root';
import {
  buildRecipientData,
  withoutEmpty,
  type RecipientContext,
  type RecipientData,
} from '../../src/templates/engine/recipient-data';
import { writeLetterBatch } from '../../src/templates/letters/letter-batch';
import { prepareLetter } from '../../src/templates/letters/letter-template';
import { withSample } from '../../src/templates/lint/template-linter';
import { parseFrontMatter } from '../../src/templates/source/front-matter';
import { parseTemplateSource } from '../../src/templates/source/template-definition';
import { itWithTools, run } from '../support/tools';

/**
 * What a print batch prints, pinned: every letter of the library, for recipients that exercise the
 * layout (abroad, a long address that shrinks, no first name, « » and Œ), through
 * `pdftotext -layout` — which keeps each word's place on its line and each line's page. The
 * expected text was written by the print batch before its speed work (fonts' layout cache,
 * reused paragraph layouts, worker threads): any change to what is printed, or where, fails here.
 */
const EXPECTED = path.join(__dirname, '..', 'fixtures', 'letter-batch.txt');
const read = (file: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', file));

/** The library's sample data (what previews use): contact fields and purchases every letter may print. */
const SAMPLE = JSON.parse(read('sample-data.json').toString()) as {
  contact: Record<string, unknown>;
  sender: RecipientContext['sender'];
  purchases: RecipientContext['purchases'];
};

const CONTACTS: Array<Record<string, unknown>> = [
  {
    civility: 'Mme',
    first_name: 'Hélène',
    last_name: 'Lefèvre',
    address_line1: "3 rue de l'Église",
    address_line2: 'Résidence « Les Œillets », bât. C',
    postal_code: '42000',
    city: 'Saint-Étienne',
    country: 'FR',
  },
  {
    civility: 'M.',
    first_name: 'Youssef',
    last_name: 'Benali',
    address_line1: '12 avenue Hassan II',
    address_line2: null,
    postal_code: '20000',
    city: 'Casablanca',
    country: 'MA',
  },
  {
    civility: 'M.',
    first_name: null,
    last_name: 'Delacroix-Montmorency-Vaudreuil',
    address_line1: '145 boulevard du Général-de-Gaulle-et-de-la-Libération-Nationale',
    address_line2: null,
    postal_code: '13001',
    city: 'Marseille',
    country: 'FR',
  },
  {},
];

function recipientData(sample: Parameters<typeof withSample>[1], index: number): RecipientData {
  const data = buildRecipientData(withoutEmpty({ ...SAMPLE.contact, external_id: `G${index}`, ...CONTACTS[index] }), {
    sender: SAMPLE.sender,
    campaign: { id: 'golden', data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' } },
    purchases: SAMPLE.purchases,
    responseCode: `G${String(index).padStart(5, '0')}`,
    unsubscribeUrl: `https://relance.example/u/${index}`,
    publicUrl: 'https://relance.example',
    today: '2026-11-22',
    defaultCurrency: 'MAD',
  });
  return withSample(data, sample);
}

/** A letter over two pages: page labels, a paragraph cut across pages, bullets, nested styles, a line break, a word wider than the line. */
const PARAGRAPH = `Votre dossier {{response_code}} a été étudié avec soin par nos équipes de {{sender.place}}, qui ont relu chacune de vos demandes, {{default first_name "cher client"}}. **Nous avons retenu __trois points__** : la livraison, le conseil et le service après-vente ; chacun fait l'objet d'un engagement écrit.`;
const LONG = `---
title: Lettre longue
subject: "Votre dossier {{response_code}} : « suivi » détaillé"
accroche: "{{default first_name \\"Madame, Monsieur\\"}}, voici ce qui change pour vous"
ps: "Référence à rappeler : https://relance.example/suivi/dossier-{{response_code}}/pieces-justificatives-et-engagements-ecrits-du-service-client"
coupon:
  title: "Oui, je confirme"
  options:
    - Je suis d'accord
---
{{salutation}},

${Array.from({ length: 9 }, () => PARAGRAPH).join('\n\n')}

- la livraison sous **huit jours**\
  sans frais ;
- le conseil __personnalisé__ ;
- https://relance.example/une-adresse-bien-plus-longue-que-la-ligne-elle-meme-pour-couper-entre-les-caracteres-de-la-reference

${Array.from({ length: 6 }, () => PARAGRAPH).join('\n\n')}
`;

async function batchText(template: string, directory: string, duplex: boolean): Promise<string> {
  const definition = parseTemplateSource({
    reference: `templates/letters/${template}`,
    text: template === 'long.hbs' ? LONG : read(`letters/${template}`).toString(),
    defaults: parseFrontMatter(read('letters/_defaults.yml').toString()),
  });
  const prepared = prepareLetter(definition, {
    logo: read('assets/logo.png'),
    signature: read('assets/signature.png'),
  });
  const recipients = CONTACTS.map((_, index) => ({
    external_id: `G${index}`,
    data: recipientData(definition.sample, index),
  }));
  const result = await writeLetterBatch(prepared, recipients, {
    directory,
    date: new Date('2026-11-22T08:00:00Z'),
    defaultCountry: 'MA',
    publicUrl: 'https://relance.example',
    duplex,
  });
  const manifest = fs.readFileSync(result.manifest, 'utf8');
  return `=== ${template}${duplex ? ' (duplex)' : ''}\n${manifest}${run('pdftotext', ['-layout', result.pdf, '-'])}`;
}

describe('print batch text (pdftotext)', () => {
  itWithTools(['pdftotext'])('prints every library letter exactly as before', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-letter-text-'));
    try {
      const templates = fs
        .readdirSync(path.join(PACKAGE_ROOT, 'templates', 'letters'))
        .filter((file) => file.endsWith('.hbs'))
        .sort();
      templates.push('long.hbs');
      expect(templates.length).toBeGreaterThanOrEqual(15);
      const texts: string[] = [];
      for (const [index, template] of templates.entries())
        texts.push(await batchText(template, path.join(directory, template), index === 0 || template === 'long.hbs'));
      const actual = texts.join('\n');
      fs.writeFileSync(path.join(os.tmpdir(), 'relance-letter-batch.actual.txt'), actual);
      expect(actual).toBe(fs.readFileSync(EXPECTED, 'utf8'));
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
