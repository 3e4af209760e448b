import { addressesReader, countWords, shouting, splitSentences } from './copy-metrics';

describe('copy metrics', () => {
  it('counts words, contractions included', () => {
    expect(countWords("L'offre d'été : 20 % de remise !")).toBe(5);
  });

  it('splits sentences without breaking on abbreviations', () => {
    expect(splitSentences('Bonjour M. Dupont. Votre carte expire le 1er mars ! Pensez-y… P.S. Merci.')).toEqual([
      'Bonjour M. Dupont.', 'Votre carte expire le 1er mars !', 'Pensez-y…', 'P.S. Merci.',
    ]);
    expect(splitSentences('Nous avons trouvé le problème. Voici la solution.')).toHaveLength(2);
  });

  it('finds the forms of "vous"', () => {
    expect(addressesReader('Votre carte expire.')).toBe(true);
    expect(addressesReader('Nous avons vos points.')).toBe(true);
    expect(addressesReader('Le client est content.')).toBe(false);
    expect(addressesReader('Un vousoiement')).toBe(false);
  });

  it('hears shouting but not acronyms', () => {
    expect(shouting('OFFRE EXCEPTIONNELLE POUR VOUS')).toEqual({ capitals: true, exclamations: false });
    expect(shouting('Votre bon de 200 MAD')).toEqual({ capitals: false, exclamations: false });
    expect(shouting('Dernier jour !!!')).toEqual({ capitals: false, exclamations: true });
  });
});
