import { formatNumber, formatPercent, MISSING } from '../core/text/french-figures';
import type { CampaignReport } from './campaign-report.service';

/**
 * The bilan's sentences: how to read the profit and ROI (incremental against attributed), and
 * whether the difference with the control group can be trusted (the report's 95 % interval
 * decides). Pure; the figures are the report's.
 */
type Money = (value: number | null) => string;

/** A ratio (ROI) as the report gives it, in French: `35,89`. */
export const ratio = (value: number | null): string => (value === null ? MISSING : formatNumber(value, 2));

/** A lift (0.45) as a signed percentage: `+45,0 %`. */
export const signed = (value: number | null): string =>
  value === null ? MISSING : `${value > 0 ? '+' : ''}${formatPercent(value)}`;

export function headlineSentence(report: CampaignReport, money: Money): string {
  if (report.conversions.holdout.contacts === 0 || report.incremental_profit === null)
    return (
      'Sans groupe témoin, on ne peut pas séparer ce que la campagne a apporté de ce que les clients auraient acheté ' +
      'de toute façon : le profit et le ROI comptent tous les achats attribués aux clients ciblés.' +
      (report.roi === null ? ' La campagne n’a rien coûté : pas de ROI.' : '')
    );
  const paid =
    report.incremental_profit >= 0
      ? `La campagne a couvert son coût de ${money(report.cost)} et rapporté ${money(report.incremental_profit)} de profit incrémental`
      : `La campagne n’a pas couvert son coût de ${money(report.cost)} : profit incrémental de ${money(report.incremental_profit)}`;
  return (
    `Comparés au groupe témoin, qui n’a rien reçu, les clients ciblés ont acheté pour ${money(report.incremental_revenue)} ` +
    `de plus (chiffre d’affaires incrémental). ${paid}` +
    (report.incremental_roi === null
      ? ' (sans coût, pas de ROI).'
      : ` (ROI incrémental ${ratio(report.incremental_roi)}).`) +
    ` Le ROI attribué (${ratio(report.roi)}) compte tous les achats des clients ciblés, y compris ceux qu’ils auraient ` +
    'faits sans la campagne ; le ROI incrémental retire ce que le groupe témoin a acheté de lui-même : c’est lui qui ' +
    'dit ce que la campagne a vraiment rapporté.'
  );
}

/** The lift with its 95 % interval, and whether to trust it. */
export function comparisonSentence(report: CampaignReport, money: (value: number) => string): string {
  const { treatment, holdout } = report.conversions;
  const { low, high, significant } = report.lift_confidence;
  const incremental = `Chiffre d’affaires incrémental : ${money(report.incremental_revenue)}.`;
  if (!holdout.buyers)
    return `${incremental} Aucun acheteur dans le groupe témoin : la hausse ne peut pas être mesurée (groupe témoin trop petit ou période trop courte).`;
  if (!treatment.buyers || low === null || high === null)
    return `${incremental} Aucun acheteur parmi les clients ciblés : la hausse ne peut pas être mesurée.`;
  const lift = `Hausse du taux de conversion (lift) : ${signed(report.lift)}, intervalle de confiance à 95\u00a0% de ${signed(low)} à ${signed(high)}.`;
  if (!significant)
    return `${incremental} ${lift} L’intervalle contient zéro : l’écart n’est pas significatif, le groupe témoin est trop petit pour conclure.`;
  return low > 0
    ? `${incremental} ${lift} L’intervalle ne contient pas zéro : la hausse est significative, on peut s’y fier.`
    : `${incremental} ${lift} Les clients ciblés ont acheté moins souvent que le groupe témoin, et l’écart est significatif.`;
}
