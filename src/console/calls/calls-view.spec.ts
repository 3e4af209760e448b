import { doneNotice, outcomeButtons, problemMessages } from './calls-view';

describe('the call screen, said in French', () => {
  it('names the six outcomes on their buttons', () => {
    expect(outcomeButtons().map((b) => b.label)).toEqual([
      'Joint',
      'Rendez-vous',
      'Rappeler le',
      'Documentation à envoyer',
      'Refus',
      'Faux numéro',
    ]);
  });

  it('says what the last call did, and nothing for an unknown outcome', () => {
    expect(doneNotice({ fait: 'callback', le: '2026-12-10' })).toBe(
      'Appel enregistré : rappeler le ; le client revient sur la liste le 10 déc. 2026.',
    );
    expect(doneNotice({ fait: 'appointment', envoi: 'email' })).toBe(
      'Appel enregistré : rendez-vous ; confirmation envoyée par e-mail.',
    );
    expect(doneNotice({ fait: 'documentation', envoi: 'aucun', le: 'x' })).toMatch(/aucun message envoyé/);
    expect(doneNotice({ fait: '<script>' })).toBeNull();
    expect(doneNotice({})).toBeNull();
  });

  it('names each refused field once', () => {
    expect(
      problemMessages([
        { field: 'date', reason: 'required' },
        { field: 'date', reason: 'must be today or later' },
        { field: 'time', reason: 'bad' },
      ]),
    ).toEqual([expect.stringMatching(/^La date est obligatoire/), expect.stringMatching(/^L’heure/)]);
  });
});
