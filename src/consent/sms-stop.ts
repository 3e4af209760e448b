import { stripAccents } from '../core/text/text';

/** STOP, ARRET/ARRÊT or STOPP, in any case, alone in the message (surrounding spaces and a final dot allowed). */
export function isStopMessage(text: string): boolean {
  const word = stripAccents(text)
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  return word === 'STOP' || word === 'STOPP' || word === 'ARRET';
}

/** The opt-out mention every marketing SMS ends with. */
export function stopMention(stopNumber: string | undefined): string {
  return stopNumber ? `STOP au ${stopNumber}` : 'STOP en réponse';
}
