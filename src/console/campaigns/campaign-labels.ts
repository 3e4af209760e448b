import type { OBJECTIVES } from '../../campaigns/campaign-definition';
import type { CampaignStatus } from '../../campaigns/campaign-status';

/** What the campaign pages call each value the services return: the words a French marketer uses. */
export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Brouillon',
  scheduled: 'Programmée',
  running: 'En cours',
  paused: 'En pause',
  completed: 'Terminée',
  cancelled: 'Annulée',
};

export const OBJECTIVE_LABELS: Record<(typeof OBJECTIVES)[number], string> = {
  sale: 'Vente',
  awareness: 'Notoriété',
  launch: 'Lancement',
  loyalty: 'Fidélisation',
  reactivation: 'Réactivation',
  survey: 'Enquête',
  information: 'Information',
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'E-mail',
  sms: 'SMS',
  letter: 'Courrier',
  phone: 'Téléphone',
};

/** A step's own progress (campaign_steps.status). */
export const STEP_STATUS_LABELS: Record<string, string> = {
  pending: 'à venir',
  planned: 'en envoi',
  dispatching: 'en envoi',
  dispatched: 'envoyée',
  cancelled: 'annulée',
};

export const LIFECYCLE_LABELS: Record<string, string> = {
  acquisition: 'Acquisition',
  development: 'Développement',
  retention: 'Fidélité',
  decline: 'Déclin',
  unknown: 'Non calculé',
};

export const VALUE_TIER_LABELS: Record<string, string> = {
  top: 'Meilleurs clients',
  core: 'Clients réguliers',
  tail: 'Petits clients',
  unknown: 'Non calculé',
};

export const DIMENSION_LABELS = {
  lifecycle: 'Étape du cycle de vie',
  value_tier: 'Niveau de valeur',
  region: 'Région',
} as const;

/** The label of `value`, or the value itself when it has none (a region, a status added later). */
export function labelOf(labels: Record<string, string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value] : value;
}
