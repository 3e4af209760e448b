import type { DetailedDeliveryListRow } from '../../campaigns/campaigns.service';
import { deliveriesCsvHeader, deliveriesCsvLines } from './campaign-deliveries-csv';
import {
  deliveriesView,
  filteredCount,
  filterQuery,
  filterRefusal,
  type DeliveriesPageInput,
} from './campaign-deliveries-view';

const row = (overrides: Partial<DetailedDeliveryListRow> = {}): DetailedDeliveryListRow => ({
  delivery_id: '41',
  step: 1,
  channel: 'letter',
  external_id: 'C001',
  state: 'delivered',
  response_code: 'AB12CD',
  holdout: false,
  reason: null,
  sent_at: new Date('2026-11-01T09:00:00Z'),
  contact_name: 'Mme Inès Alami',
  email: 'ines@example.ma',
  planned_at: new Date('2026-11-01T08:00:00Z'),
  delivered_at: new Date('2026-11-01T09:00:00Z'),
  ...overrides,
});

function input(overrides: Partial<DeliveriesPageInput> = {}): DeliveriesPageInput {
  return {
    campaign: { id: 'c-1', name: 'Soirée' },
    progress: {
      steps: [
        { position: 1, channel: 'letter', states: { delivered: 90, bounced: 4 } },
        { position: 2, channel: 'email', states: { delivered: 50, planned: 6 } },
      ],
    },
    holdout: 11,
    filter: {},
    page: { rows: [row()], next: null },
    after: null,
    ...overrides,
  };
}

describe('campaign deliveries page (view)', () => {
  it('counts each state over every step, the control group apart, and totals what a filter keeps', () => {
    const view = deliveriesView(input());
    expect(view.summary.map((s) => [s.state, s.count])).toEqual([
      ['planned', 6],
      ['delivered', 140],
      ['bounced', 4],
      ['held_out', 11],
    ]);
    expect(view.deliveriesTotal).toBe(150);
    expect(view.count).toBe(161);
    expect(filteredCount(input({ filter: { state: 'delivered' } }))).toBe(140);
    expect(filteredCount(input({ filter: { state: 'delivered', step: 2 } }))).toBe(50);
    expect(filteredCount(input({ filter: { step: 1 } }))).toBe(94);
    expect(filteredCount(input({ filter: { state: 'held_out' } }))).toBe(11);
    expect(filteredCount(input({ filter: { state: 'held_out', step: 1 } }))).toBe(0);
  });

  it('links the next page, the start of the list, the CSV and the bilan with the same filter', () => {
    const view = deliveriesView(
      input({ filter: { state: 'delivered', step: 2 }, after: '40', page: { rows: [row()], next: '90' } }),
    );
    expect(view.nextHref).toBe('/campagnes/c-1/envois?etat=delivered&etape=2&apres=90');
    expect(view.firstHref).toBe('/campagnes/c-1/envois?etat=delivered&etape=2');
    expect(view.csvHref).toBe('/campagnes/c-1/envois.csv?etat=delivered&etape=2');
    expect(view.bilanHref).toBe('/campagnes/c-1/bilan.pdf');
    expect(view.states.find((s) => s.selected)?.value).toBe('delivered');
    expect(view.steps.find((s) => s.selected)).toEqual({ value: 2, label: 'Étape 2 (e-mail)', selected: true });
    expect(filterQuery({})).toBe('');
  });

  it('words states and channels in French, and shows a control-group member without delivery', () => {
    const view = deliveriesView(
      input({
        page: {
          rows: [
            row(),
            row({ delivery_id: null, step: null, channel: null, state: 'held_out', holdout: true, contact_name: null }),
          ],
          next: null,
        },
      }),
    );
    expect(view.rows[0]).toMatchObject({ contact: 'Mme Inès Alami', channel: 'courrier', stateLabel: 'délivré' });
    expect(view.rows[1]).toMatchObject({
      contact: 'C001',
      channel: null,
      step: null,
      stateLabel: 'groupe témoin (rien envoyé)',
    });
  });

  it('names the refused parameter and what it takes', () => {
    expect(filterRefusal('etat', 'perdu').message).toBe(
      'Le paramètre « etat » ne peut pas valoir « perdu » : il attend un de ces états : planned, claimed, sending, sent, delivered, bounced, failed, unknown, suppressed, expired, held_out.',
    );
    expect(filterRefusal('etape', 'x').message).toContain('« etape »');
    expect(filterRefusal('apres', ['1', '2']).message).toContain('« ["1","2"] »');
  });

  it('writes RFC 4180 CSV with French headers, neutralising cells a spreadsheet would run', () => {
    expect(deliveriesCsvHeader()).toBe(
      '\ufeffenvoi,étape,canal,identifiant client,contact,e-mail,état,code de réponse,groupe témoin,motif,planifié le,envoyé le,délivré le\r\n',
    );
    const lines = deliveriesCsvLines([
      row({ contact_name: '=HYPERLINK("http://x","y")', reason: 'a, "b"\nc', email: '@evil' }),
      row({
        delivery_id: null,
        step: null,
        channel: null,
        state: 'held_out',
        holdout: true,
        sent_at: null,
        planned_at: null,
        delivered_at: null,
      }),
    ]);
    const [first, second] = lines.split('\r\n');
    expect(first).toBe(
      `41,1,courrier,C001,"'=HYPERLINK(""http://x"",""y"")",'@evil,délivré,AB12CD,non,"a, ""b""\nc",2026-11-01T08:00:00.000Z,2026-11-01T09:00:00.000Z,2026-11-01T09:00:00.000Z`,
    );
    expect(second).toBe(',,,C001,Mme Inès Alami,ines@example.ma,groupe témoin (rien envoyé),AB12CD,oui,,,,');
  });
});
