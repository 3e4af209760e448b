import fc from 'fast-check';
import type { DrawOp, LetterContent } from './letter-content';
import { ADDRESS_WINDOW, BODY, COUPON, PAGE } from './letter-geometry';
import { letterFonts } from './letter-fonts';
import { layoutLetter, paragraphLineCounts } from './letter-layout';
import { parseInline, parseMarkup } from './light-markup';
import { formatPostalAddress } from './postal-address';

const { measurer } = letterFonts();

function letter(overrides: Partial<LetterContent> = {}): LetterContent {
  return {
    sender: { name: 'Maison Atlas', lines: ['27 boulevard d’Anfa', '20000 Casablanca'] },
    address: ['Mme Hélène Lefèvre', '12 rue de la République', '69002 LYON', 'FRANCE'],
    placeDate: 'Casablanca, le 22 novembre 2026',
    subject: { label: 'Objet :', runs: parseInline('Votre carte') },
    accroche: parseInline('Un cadeau vous attend'),
    body: parseMarkup('Madame,\n\nUn paragraphe court.\n\nUn autre.'),
    signature: { name: 'Yasmine El Amrani', title: 'Directrice', hasImage: true },
    postscript: { label: 'P.S.', runs: parseInline('À bientôt.') },
    coupon: {
      cutLine: 'Découpez ici', heading: 'COUPON-RÉPONSE', options: [parseInline('Oui')], optOut: 'Je ne souhaite plus recevoir de courrier',
      addressLines: ['Mme Hélène Lefèvre'], returnLabel: 'À retourner à :', returnAddress: ['Maison Atlas'], responseCodeLabel: 'Code réponse :', responseCode: 'AB12', qrUrl: 'https://r.example/r?c=AB12',
    },
    pageLabel: 'Page',
    hasLogo: true,
    ...overrides,
  };
}

const images = { logo: { width: 520, height: 200 }, signature: { width: 480, height: 180 } };
const texts = (ops: DrawOp[]) => ops.flatMap((op) => (op.kind === 'text' ? [op] : []));

describe('letter layout', () => {
  it('fits a short letter and its coupon on one page, the coupon below the cut line', () => {
    const laidOut = layoutLetter(letter(), images, measurer);
    expect(laidOut.pages).toHaveLength(1);
    const [page] = laidOut.pages;
    const cut = page.find((op) => op.kind === 'cut-line')!;
    expect(cut).toMatchObject({ y: COUPON.cutY });
    const bodyTexts = texts(page).filter((op) => op.y >= BODY.firstPageTop && op.y < COUPON.cutY);
    expect(bodyTexts.length).toBeGreaterThan(5);
    expect(page.find((op) => op.kind === 'qr')).toMatchObject({ url: 'https://r.example/r?c=AB12' });
  });

  it('keeps even the widest possible address inside the window', () => {
    const widest = Array.from({ length: 6 }, () => 'W'.repeat(38));
    const { addressBlock, warnings } = layoutLetter(letter({ address: widest }), images, measurer);
    expect(addressBlock.x + addressBlock.width).toBeLessThanOrEqual(ADDRESS_WINDOW.x + ADDRESS_WINDOW.width);
    expect(addressBlock.y + addressBlock.height).toBeLessThanOrEqual(ADDRESS_WINDOW.y + ADDRESS_WINDOW.height);
    expect(warnings).toEqual([expect.stringContaining('address printed at')]);
  });

  it('keeps the address inside the envelope window, whatever the address', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map((value) => value.replace(/\s+/g, ' ').trim()).filter(Boolean);
    fc.assert(
      fc.property(text, text, text, fc.option(text), text, fc.constantFrom('FR', 'MA', 'DE'), (first, last, street, complement, city, country) => {
        const address = formatPostalAddress({ first_name: first, last_name: last, address_line1: street, address_line2: complement, postal_code: '75011', city, country }, 'FR');
        const { addressBlock } = layoutLetter(letter({ address: address.lines }), images, measurer);
        expect(addressBlock.x).toBeGreaterThanOrEqual(ADDRESS_WINDOW.x);
        expect(addressBlock.y).toBeGreaterThanOrEqual(ADDRESS_WINDOW.y);
        expect(addressBlock.x + addressBlock.width).toBeLessThanOrEqual(ADDRESS_WINDOW.x + ADDRESS_WINDOW.width);
        expect(addressBlock.y + addressBlock.height).toBeLessThanOrEqual(ADDRESS_WINDOW.y + ADDRESS_WINDOW.height);
      }),
      { numRuns: 60 },
    );
  });

  it('continues a long letter on further pages, numbered, with the coupon at the foot of the last one', () => {
    const long = Array.from({ length: 14 }, (_, index) => `Paragraphe ${index + 1} : une phrase assez longue pour occuper une ligne entière de la lettre, et même un peu plus que cela.`).join('\n\n');
    const laidOut = layoutLetter(letter({ body: parseMarkup(long) }), images, measurer);
    expect(laidOut.pages.length).toBe(2);
    expect(laidOut.pages[0].some((op) => op.kind === 'cut-line')).toBe(false);
    expect(laidOut.pages[1].some((op) => op.kind === 'cut-line')).toBe(true);
    for (const [index, page] of laidOut.pages.entries()) {
      expect(texts(page).some((op) => op.segments[0].text === `Page ${index + 1}/2`)).toBe(true);
      for (const op of texts(page)) expect(op.y).toBeLessThan(PAGE.height);
      const body = texts(page).filter((op) => op.x === BODY.x && op.y < COUPON.cutY);
      expect(Math.max(...body.map((op) => op.y))).toBeLessThanOrEqual(BODY.bottom);
    }
  });

  it('measures paragraphs in printed lines', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(5);
    const [short, long] = paragraphLineCounts(parseMarkup(`Court.\n\n${paragraph}`), measurer);
    expect(short).toBe(1);
    expect(long).toBeGreaterThan(5);
  });
});
