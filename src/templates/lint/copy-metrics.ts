/**
 * Measures of French copy: words, sentences, forms of address, shouting. Pure functions used by
 * the linter on rendered text.
 */

const WORD = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => WORD.test(token)).length;
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = /(?<![\p{L}\p{N}])(?:M|MM|Mme|Mmes|Mlle|Dr|Me|Pr|St|Ste|av|bd|etc|cf|ex|p|n°|P\.S|P\.-S|J\.-C|tél|réf|env)\.$/iu;

/** Sentences of a text: split after . ! ? … when the next word starts with a capital or a quote. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let current = '';
  const tokens = text.replace(/\s+/g, ' ').trim().split(' ');
  tokens.forEach((token, index) => {
    current = current ? `${current} ${token}` : token;
    const next = tokens[index + 1];
    const ends = /[.!?…]["»)]?$/.test(token) && !ABBREVIATIONS.test(token);
    if (ends && (next === undefined || /^[«"(\p{Lu}\p{N}]/u.test(next))) {
      sentences.push(current);
      current = '';
    }
  });
  if (current) sentences.push(current);
  return sentences;
}

/** The reader is addressed as "vous" (vous, votre, vos, vôtre). */
export function addressesReader(text: string): boolean {
  return /(^|[^\p{L}])(vous|votre|vos|vôtres?)(?=[^\p{L}]|$)/iu.test(text);
}

export interface Shouting {
  capitals: boolean;
  exclamations: boolean;
}

/** Mostly capitals (acronyms such as MAD or NPS alone do not count), or "!!" and more. */
export function shouting(text: string): Shouting {
  const letters = [...text].filter((char) => /\p{L}/u.test(char));
  const upper = letters.filter((char) => char === char.toUpperCase() && char !== char.toLowerCase());
  const shoutedWords = text.split(/\s+/).filter((word) => /\p{L}{4,}/u.test(word) && word === word.toUpperCase() && word !== word.toLowerCase());
  return {
    capitals: (letters.length >= 8 && upper.length / letters.length >= 0.6) || shoutedWords.length >= 3,
    exclamations: /!\s*!/.test(text),
  };
}

/** The first words of a text, to point at it in a message. */
export function excerpt(text: string, words = 8): string {
  const parts = text.replace(/\s+/g, ' ').trim().split(' ');
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : parts.join(' ');
}
