import type { OBJECTIVES } from '../campaigns/campaign-definition';
import type { CampaignStatus } from '../campaigns/campaign-status';
import type { DeliveryListState } from '../campaigns/delivery-list-filter';

/**
 * What French readers call the values the services return (the printed bilan, the console): the
 * words a marketer uses, never the codes. A value without a label reads as itself.
 */
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'brouillon',
  scheduled: 'programmée',
  running: 'en cours',
  paused: 'en pause',
  completed: 'terminée',
  cancelled: 'annulée',
};

export const OBJECTIVE_LABELS: Record<(typeof OBJECTIVES)[number], string> = {
  sale: 'vente',
  awareness: 'notoriété',
  launch: 'lancement',
  loyalty: 'fidélisation',
  reactivation: 'réactivation',
  survey: 'enquête',
  information: 'information',
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'e-mail',
  sms: 'SMS',
  letter: 'courrier',
  phone: 'téléphone',
};

/** A delivery's state in the ledger, and `held_out` for a control-group member (who got nothing). */
export const DELIVERY_STATE_LABELS: Record<DeliveryListState, string> = {
  planned: 'planifié',
  claimed: 'en préparation',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  delivered: 'délivré',
  bounced: 'rejeté (adresse invalide)',
  failed: 'échec',
  unknown: 'issue inconnue',
  suppressed: 'non envoyé (consentement ou liste d’opposition)',
  expired: 'expiré (trop tard ou campagne annulée)',
  held_out: 'groupe témoin (rien envoyé)',
};

export function labelOf(labels: Record<string, string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value] : value;
}
