import { actorLabel, historyRow } from './campaign-history-view';

const at = '2026-10-26T09:00:00Z';

describe('Campagnes: history', () => {
  it('names who did it: a console user, the CLI, an API key, or relance itself', () => {
    expect(actorLabel('user:u1', 'Mona Marketer')).toBe('Mona Marketer');
    expect(actorLabel('cli', null)).toBe('ligne de commande');
    expect(actorLabel('api_key:k7', null)).toBe("clé d'API k7");
    expect(actorLabel('user:gone', null)).toBe('utilisateur supprimé');
    expect(actorLabel(null, null)).toBe('relance (automatique)');
  });

  it('says in French what happened, keeping the reason relance recorded when no person did it', () => {
    expect(
      historyRow({
        at,
        type: 'status',
        message: 'paused: paused by a user',
        details: { status: 'paused' },
        actor: 'user:u1',
        actor_name: 'Mona',
      }),
    ).toEqual({ at, what: 'Statut : en pause', reason: null, who: 'Mona' });
    expect(
      historyRow({
        at,
        type: 'status',
        message: 'paused: relay unreachable',
        details: { status: 'paused' },
        actor: null,
        actor_name: null,
      }),
    ).toEqual({ at, what: 'Statut : en pause', reason: 'relay unreachable', who: 'relance (automatique)' });
    expect(
      historyRow({
        at,
        type: 'launch',
        message: 'launched: …',
        details: { audience: { segment: 1500, targeted: 1200, holdout: 150 } },
        actor: 'cli',
        actor_name: null,
      }).what,
    ).toBe('Lancée : 1\u202f500 dans le segment, 1\u202f200 ciblés, 150 dans le groupe témoin');
    expect(
      historyRow({ at, type: 'step', message: 'x', details: { step: 2, planned: 40 }, actor: null, actor_name: null })
        .what,
    ).toBe('Étape 2 préparée pour 40 contacts');
    expect(historyRow({ at, type: 'created', message: 'x', details: {}, actor: null, actor_name: null })).toEqual({
      at,
      what: 'Campagne créée',
      reason: null,
      who: 'non enregistré',
    });
    expect(historyRow({ at, type: 'other', message: 'as recorded', actor: null, actor_name: null }).what).toBe(
      'as recorded',
    );
  });
});
