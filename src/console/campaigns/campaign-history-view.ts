import { formatNumber } from '../shell/french-format';
import { labelOf, STATUS_LABELS } from './campaign-labels';

/** One event of CampaignsService.get's history. */
export interface CampaignEvent {
  at: Date | string;
  type: string;
  message: string;
  details?: Record<string, unknown> | null;
  actor: string | null;
  actor_name: string | null;
}

export interface HistoryRow {
  at: Date | string;
  what: string;
  /** Why, as relance recorded it (in English: a relay's error, an error rate), when a person did not do it by hand. */
  reason: string | null;
  who: string;
}

/** The reasons the services record when a person pauses or cancels: the actor already says it. */
const BY_HAND = new Set(['paused by a user', 'cancelled by a user']);

/** Why a campaign is in its status, when relance (not a person) put it there: a relay's error, an error rate. */
export function statusReasonText(reason: string | null): string | null {
  return reason && !BY_HAND.has(reason) ? reason : null;
}

/** Who did it: a console user by name, else the kind of actor, else relance itself. */
export function actorLabel(actor: string | null, actorName: string | null): string {
  if (actorName) return actorName;
  if (actor === 'cli') return 'ligne de commande';
  if (actor?.startsWith('api_key:')) return `clé d'API ${actor.slice('api_key:'.length)}`;
  if (actor?.startsWith('user:')) return 'utilisateur supprimé';
  return 'relance (automatique)';
}

function count(value: unknown): string {
  return formatNumber(typeof value === 'number' ? value : 0);
}

function statusEvent(event: CampaignEvent): { what: string; reason: string | null } {
  const status = typeof event.details?.status === 'string' ? event.details.status : event.message.split(':')[0];
  const prefix = `${status}: `;
  const reason = event.message.startsWith(prefix) ? event.message.slice(prefix.length) : null;
  return {
    what: `Statut : ${labelOf(STATUS_LABELS, status).toLowerCase()}`,
    reason: statusReasonText(reason),
  };
}

/** What happened, in French, from the event's type and details (the message stays as recorded otherwise). */
export function historyRow(event: CampaignEvent): HistoryRow {
  const details = event.details ?? {};
  let what = event.message;
  let reason: string | null = null;
  if (event.type === 'created') what = 'Campagne créée';
  else if (event.type === 'status') ({ what, reason } = statusEvent(event));
  else if (event.type === 'launch' && details.audience && typeof details.audience === 'object') {
    const audience = details.audience as Record<string, unknown>;
    what = `Lancée : ${count(audience.segment)} dans le segment, ${count(audience.targeted)} ciblés, ${count(audience.holdout)} dans le groupe témoin`;
  } else if (event.type === 'step' && typeof details.step === 'number')
    what = `Étape ${details.step} préparée pour ${count(details.planned)} contacts`;
  // Who created a campaign was not recorded before relance recorded actors: say so rather than "relance".
  const who = event.type === 'created' && !event.actor ? 'non enregistré' : actorLabel(event.actor, event.actor_name);
  return { at: event.at, what, reason, who };
}
