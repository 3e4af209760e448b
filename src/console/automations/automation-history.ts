import { pauseReasonText } from './automation-view';

/** A line of the automation's campaign history (campaigns.service `get(id).events`). */
export interface HistoryEvent {
  at: Date | string;
  type: string;
  message: string;
  details?: unknown;
  actor: string | null;
  actor_name: string | null;
}

export interface HistoryRow {
  at: Date | string;
  what: string;
  who: string;
}

/** Who did it: a console user by name, an API key, the command line, or relance by itself. */
export function actorText(actor: string | null, actorName: string | null): string {
  if (actorName) return actorName;
  if (!actor) return 'relance, automatiquement';
  if (actor === 'cli') return 'ligne de commande';
  if (actor.startsWith('api_key:')) return `clé d'API ${actor.slice('api_key:'.length)}`;
  if (actor.startsWith('user:')) return 'un utilisateur supprimé';
  return actor;
}

function statusText(details: unknown, message: string): string {
  const status = (details as { status?: unknown } | null)?.status;
  if (status === 'paused') {
    const reason = pauseReasonText(message.startsWith('paused: ') ? message.slice('paused: '.length) : null);
    return `Mise en pause${reason ? ` (${reason})` : ''}`;
  }
  if (status === 'running') return 'Reprise';
  return `État : ${typeof status === 'string' ? status : message}`;
}

/** The history in French, oldest first as the service gives it. */
export function historyRows(events: HistoryEvent[]): HistoryRow[] {
  return events.map((event) => {
    let what: string;
    switch (event.type) {
      case 'created':
        what = 'Créée';
        break;
      case 'updated':
        what = 'Modifiée (nouvelle définition)';
        break;
      case 'paused':
        what = 'Mise en pause';
        break;
      case 'resumed':
        what = 'Reprise';
        break;
      case 'status':
        what = statusText(event.details, event.message);
        break;
      default:
        what = event.message;
    }
    return { at: event.at, what, who: actorText(event.actor, event.actor_name) };
  });
}
