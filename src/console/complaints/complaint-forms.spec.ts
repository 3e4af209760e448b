import { gestureText, parseAnswer, parseClosing, parseNewComplaint, parseQualification } from './complaint-forms';
import { parseBoardQuery } from './complaint-board-view';

const NBSP = /[\u00a0\u202f]/g;

describe('complaint forms', () => {
  it('names every missing field of a new complaint in French', () => {
    const { problems } = parseNewComplaint({ canal: 'fax' }, 'user:1');
    expect(problems.map((problem) => problem.field)).toEqual(['Client', 'Reçue par', 'Objet', 'Description']);
  });

  it('records a counter complaint as a spoken one whose origin says where', () => {
    const { value, problems } = parseNewComplaint(
      { client: ' C1 ', canal: 'counter', objet: 'Pied cassé', description: 'Texte', urgente: 'on' },
      'user:1',
    );
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      externalId: 'C1',
      channel: 'phone',
      origin: 'counter',
      urgent: true,
      important: false,
    });
  });

  it('qualifies with a known cause and a whole delay only', () => {
    expect(parseQualification({ cause: 'nope', delai: '2,5' }, ['other']).problems.map((p) => p.field)).toEqual([
      'Cause',
      'Délai demandé',
    ]);
    expect(parseQualification({ cause: 'other', urgente: 'on', importante: 'on' }, ['other']).value).toEqual({
      cause: 'other',
      urgent: true,
      important: true,
      requested_delay_days: null,
    });
  });

  it('drafts the gesture from its kind and amount, and refuses an amount without a kind', () => {
    const answer = parseAnswer({ resume: 'r', mesures: 'm', geste: 'voucher', montant: '200,5' }, 'MAD');
    expect(answer.problems).toEqual([]);
    expect(answer.value.compensation).toEqual({ kind: 'voucher', amount: 200.5, currency: 'MAD' });
    expect(answer.value.commercial_gesture?.replace(NBSP, ' ')).toBe("Bon d'achat de 200,50 MAD");
    expect(gestureText(undefined)).toBe('');
    expect(parseAnswer({ resume: 'r', mesures: 'm', montant: '10' }, 'MAD').problems[0].field).toBe('Geste commercial');
    expect(parseAnswer({ resume: 'r', mesures: 'm', geste: 'refund', montant: '-3' }, 'MAD').problems[0].field).toBe(
      'Montant',
    );
  });

  it('closes an unfounded complaint only with an explanation', () => {
    expect(parseClosing({ condition: 'unfounded' }, 'MAD').problems[0].field).toBe('Explication');
    expect(parseClosing({ condition: 'maybe' }, 'MAD').problems[0].field).toBe('Condition de clôture');
    expect(parseClosing({ condition: 'client_satisfied' }, 'MAD')).toEqual({
      problems: [],
      value: { condition: 'client_satisfied' },
    });
  });

  it("reads the board's filters from the address, the dashboard's words included", () => {
    expect(parseBoardQuery({ echeance: 'depassee', page: '2' }, []).query).toMatchObject({ due: 'overdue', page: 2 });
    expect(parseBoardQuery({ statut: 'x', page: '0', echeance: 'demain' }, []).problems.map((p) => p.field)).toEqual([
      'Statut',
      'Échéance',
      'Page',
    ]);
  });
});
