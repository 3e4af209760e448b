import type { Trigger } from './automation-definition';
import { FRENCH_MONTHS } from '../core/text/french-figures';

/**
 * When a client counts as inactive for an `inactivity` trigger (the scoring job's thresholds,
 * segments/scoring-settings): more than `minDays` days without an order, and more than `factor`
 * times their usual interval between orders. Without it the description names no figure.
 */
export interface InactivityThresholds {
  silentMinDays: number;
  silentFactor: number;
  declineMinDays: number;
  declineFactor: number;
}

/** The dates a `date_offset` trigger may follow, as a French noun phrase and its form after "de". */
const DATE_FIELD_PHRASES: Record<string, { the: string; of: string }> = {
  birth_date: { the: 'la date de naissance', of: 'de la date de naissance' },
  loyalty_card_expires_on: {
    the: "l'expiration de la carte de fidélité",
    of: "de l'expiration de la carte de fidélité",
  },
  contract_renews_on: { the: 'le renouvellement du contrat', of: 'du renouvellement du contrat' },
  'purchases.last_at': { the: 'le dernier achat', of: 'du dernier achat' },
};

const days = (n: number) => `${n} jour${n > 1 ? 's' : ''}`;

/** "a", "a et b", "a, b et c". */
function joinFrench(parts: string[]): string {
  return parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}`;
}

function atTime(trigger: Trigger): string {
  return `à ${trigger.local_time}, heure du client`;
}

function datePhrase(field: string): { the: string; of: string } {
  const known = DATE_FIELD_PHRASES[field];
  if (known) return known;
  const name = field.startsWith('attr.') ? field.slice('attr.'.length) : field;
  return { the: `la date « ${name} » du contact`, of: `de la date « ${name} » du contact` };
}

/** "30 et 7 jours avant", "le jour", "3 jours après": the offsets in order, joined around the date. */
function offsetsPhrase(offsets: number[], date: { the: string; of: string }): string {
  const before = offsets.filter((o) => o < 0).map((o) => -o);
  const after = offsets.filter((o) => o > 0);
  const parts: string[] = [];
  if (before.length) parts.push(`${joinFrench(before.map(String))} jour${Math.max(...before) > 1 ? 's' : ''} avant`);
  const sameDay = offsets.includes(0);
  if (sameDay) parts.push(after.length ? 'le jour même' : 'le jour');
  if (after.length) parts.push(`${joinFrench(after.map(String))} jour${Math.max(...after) > 1 ? 's' : ''} après`);
  return `${joinFrench(parts)} ${sameDay && !after.length ? date.of : date.the}`;
}

function everyMonths(months: number): string {
  if (months === 1) return 'chaque mois';
  if (months === 12) return 'chaque année';
  if (months % 12 === 0) return `tous les ${months / 12} ans`;
  return `tous les ${months} mois`;
}

function dateOffsetPhrase(trigger: Trigger): string {
  const date = datePhrase(trigger.field ?? '');
  const offsets = trigger.offset_days?.length ? trigger.offset_days : [0];
  if (!trigger.every_months) return `${offsetsPhrase(offsets, date)}, ${atTime(trigger)}`;
  const period = `${everyMonths(trigger.every_months)} après ${date.the}`;
  if (offsets.length === 1 && offsets[0] === 0) return `${period}, ${atTime(trigger)}`;
  const each = { the: 'chaque échéance', of: 'de chaque échéance' };
  return `${offsetsPhrase(offsets, each)}, ${period}, ${atTime(trigger)}`;
}

function inactivityPhrase(trigger: Trigger, thresholds: InactivityThresholds | undefined): string {
  const attempts = trigger.attempts ?? 2;
  const when = thresholds ? inactiveWhen(thresholds) : "sans achat depuis bien plus longtemps que d'habitude";
  const series =
    attempts === 1
      ? 'en une seule relance'
      : `en ${attempts} relances à ${days(trigger.retry_after_days ?? 21)} d'intervalle, la suivante seulement sans réponse ni achat`;
  return `quand un client cesse d'acheter (${when}), ${atTime(trigger)}, ${series}`;
}

/** Silent (a regular client) or declining: one phrase when both rules have the same thresholds, else both. */
function inactiveWhen(t: InactivityThresholds): string {
  const rule = (minDays: number, factor: number) =>
    `plus de ${days(minDays)} et plus de ${String(factor).replace('.', ',')} fois son intervalle habituel entre deux achats`;
  const silent = rule(t.silentMinDays, t.silentFactor);
  const decline = rule(t.declineMinDays, t.declineFactor);
  return `sans achat depuis ${silent === decline ? silent : `${silent}, ou ${decline}`}`;
}

/** N days after a fact, at the local time; with no delay, at the fact itself (the time of day does not apply). */
function afterFact(trigger: Trigger, fact: string): string {
  const delay = trigger.delay_days ?? 0;
  return delay === 0 ? `dès ${fact}` : `${days(delay)} après ${fact}, ${atTime(trigger)}`;
}

function fixedDatePhrase(trigger: Trigger): string {
  const day = trigger.day ?? 1;
  const month = FRENCH_MONTHS[(trigger.month ?? 1) - 1];
  const leap = trigger.month === 2 && day === 29 ? ' (le 28 février les autres années)' : '';
  return `chaque année le ${day === 1 ? '1er' : day} ${month}${leap} ${atTime(trigger)}`;
}

/**
 * An automation's trigger in plain French, for the console and `relance automation list`:
 * "chaque anniversaire à 09:30, heure du client", "30 et 7 jours avant l'expiration de la carte de
 * fidélité, à 10:00, heure du client", "quand un client cesse d'acheter (…), en 2 relances…".
 */
export function describeTrigger(trigger: Trigger, thresholds?: InactivityThresholds): string {
  switch (trigger.type) {
    case 'birthday':
      return `chaque anniversaire ${atTime(trigger)}`;
    case 'date_offset':
      return dateOffsetPhrase(trigger);
    case 'inactivity':
      return inactivityPhrase(trigger, thresholds);
    case 'after_purchase':
      return afterFact(trigger, 'chaque achat');
    case 'welcome':
      return `${afterFact(trigger, "l'arrivée d'un nouveau contact ou son premier achat")} (une fois par contact, depuis la création de l'automatisation)`;
    case 'complaint_closed':
      return afterFact(trigger, "la clôture d'une réclamation");
    case 'fixed_date':
      return fixedDatePhrase(trigger);
    case 'event':
      return afterFact(trigger, `chaque événement « ${trigger.name ?? ''} »`);
  }
}
