import type { AutomationDefinition } from '../../automations/automation-definition';
import type { AutomationListItem } from '../../automations/automations.service';
import { describeTrigger, type InactivityThresholds } from '../../automations/trigger-description';
import type { AutomationReport } from '../../reports/automation-report.service';
import { formatPercent } from '../shell/french-format';

/** A paused automation's reason in French: by a user, by itself (its messages kept failing), or the sending's own. */
export function pauseReasonText(reason: string | null): string | null {
  if (!reason) return null;
  if (reason === 'paused by a user') return 'mise en pause par un utilisateur';
  const failing = /^paused by itself: its last (\d+) messages failed \(latest: ([\s\S]*)\)$/.exec(reason);
  if (failing)
    return `mise en pause d'elle-même : ses ${failing[1]} derniers messages ont échoué (dernière erreur : ${failing[2]})`;
  return `motif : ${reason}`;
}

/** A line of the list: the automation, its trigger in words, the headline figures of its report, its next sends. */
export interface AutomationRowView {
  id: string;
  name: string;
  paused: boolean;
  pauseReason: string | null;
  trigger: string;
  sent: number;
  failed: number;
  responders: number;
  buyers: number;
  revenue: number;
  currency: string;
  roi: number | null;
  upcoming: number;
  upcomingCapped: boolean;
  /** The instant the next sends were counted from. */
  upcomingFrom: string;
}

export function automationRow(
  item: AutomationListItem,
  report: AutomationReport,
  upcoming: { count: number; capped: boolean; from: string },
  thresholds: InactivityThresholds,
): AutomationRowView {
  return {
    id: item.id,
    name: item.name,
    paused: report.status === 'paused',
    pauseReason: pauseReasonText(report.status_reason),
    trigger: describeTrigger(item.trigger, thresholds),
    sent: report.messages.sent,
    failed: report.messages.failed,
    responders: report.responses.responders,
    buyers: report.conversions.treatment.buyers,
    revenue: report.revenue,
    currency: report.currency,
    roi: report.roi,
    upcoming: upcoming.count,
    upcomingCapped: upcoming.capped,
    upcomingFrom: upcoming.from,
  };
}

const OCCURRENCE_LABELS: Record<string, string> = {
  queued: 'message programmé',
  holdout: 'groupe témoin (rien envoyé)',
  excluded: 'exclue (consentement, opposition ou adresse)',
  skipped: 'manquée (hors de la fenêtre de rattrapage)',
};

const EXCLUSION_LABELS: Record<keyof AutomationReport['audience']['excluded'], string> = {
  no_consent: 'sans consentement',
  suppressed: 'opposés ou effacés',
  invalid_address: 'adresse invalide',
  frequency_cap: 'plafond de sollicitations',
};

/** Whether to trust the lift, in a sentence: from the report's 95 % interval, never recomputed. */
export function liftSentence(report: AutomationReport): string | null {
  if (!report.conversions.holdout.contacts) return null;
  const { low, high, significant } = report.lift_confidence;
  if (low === null || high === null)
    return "Aucun acheteur dans le groupe témoin pour l'instant : la hausse ne peut pas encore être mesurée (groupe témoin trop petit ou trop récent).";
  const interval = `entre ${formatPercent(low)} et ${formatPercent(high)}`;
  if (significant && low > 0)
    return `Les destinataires achètent plus que le groupe témoin, et l'écart est significatif à 95 % (hausse ${interval}) : vous pouvez vous y fier.`;
  if (significant && high < 0)
    return `Les destinataires achètent moins que le groupe témoin, et l'écart est significatif à 95 % (écart ${interval}) : les messages semblent décourager l'achat.`;
  return `L'écart avec le groupe témoin n'est pas significatif à 95 % (écart ${interval}, zéro compris) : il peut être dû au hasard ; attendez davantage d'occurrences avant de conclure.`;
}

/** The detail page's report: the service's figures, rates as ratios for the `percent` helper, labels in French. */
export function reportView(report: AutomationReport, settings: { attributionDays: number; holdoutPercent: number }) {
  const rate = (value: number) => value / 100;
  const hasHoldout = report.conversions.holdout.contacts > 0;
  return {
    ...report,
    ratios: {
      delivery: rate(report.rates.delivery),
      open: rate(report.rates.open_by_people),
      click: rate(report.rates.click_by_people),
      response: rate(report.rates.response),
      conversion: rate(report.rates.conversion),
      treatmentConversion: rate(report.conversions.treatment.conversion_rate),
      holdoutConversion: rate(report.conversions.holdout.conversion_rate),
    },
    occurrenceRows: Object.entries(report.occurrences)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([outcome, count]) => ({ outcome, label: OCCURRENCE_LABELS[outcome] ?? outcome, count })),
    exclusionRows: (Object.keys(EXCLUSION_LABELS) as Array<keyof typeof EXCLUSION_LABELS>)
      .map((reason) => ({ reason, label: EXCLUSION_LABELS[reason], count: report.audience.excluded[reason] }))
      .filter((row) => row.count > 0),
    hasHoldout,
    /** A holdout is asked for, but nobody is in it yet. */
    holdoutPlanned: settings.holdoutPercent > 0,
    liftSentence: liftSentence(report),
    attributionDays: settings.attributionDays,
    leftOutCurrencies: report.left_out.currencies.join(', '),
  };
}

/** The steps of the automation in words: channel, template, and when a later step goes. */
export function stepsView(definition: AutomationDefinition) {
  return definition.steps.map((step, index) => ({
    position: index + 1,
    channel: step.channel,
    template: step.template,
    after:
      index === 0
        ? null
        : `${step.delay_days ?? 0} jour${(step.delay_days ?? 0) > 1 ? 's' : ''} après le message précédent${step.only_non_responders ? ', seulement sans réponse' : ''}`,
  }));
}

/** Who the automation reaches, in words. */
export function audienceText(definition: AutomationDefinition): string {
  if (definition.segment_id) return `le segment enregistré ${definition.segment_id}`;
  const rules = definition.segment as { all?: unknown[]; any?: unknown[] } | undefined;
  if (!rules || JSON.stringify(rules) === '{"all":[]}') return 'toute la base';
  const count = (rules.all?.length ?? 0) + (rules.any?.length ?? 0);
  return `les contacts qui répondent à ${count > 1 ? `ses ${count} règles` : 'sa règle'} de segment`;
}
