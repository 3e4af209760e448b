import { DomainError } from '../../core/errors/domain-error';
import type { OperationsReport } from '../../reports/operations-profitability.service';
import { operationsTables, type OperationRow } from '../../reports/operations-table';
import { pageHref, profitabilityPage, profitabilityQuery, sortOperations } from './profitability-view';

function row(overrides: Partial<OperationRow>): OperationRow {
  return {
    kind: 'campaign',
    id: 'c',
    name: 'Opération',
    status: 'completed',
    currency: 'MAD',
    launched_at: null,
    occurrences: null,
    sent: 0,
    responders: 0,
    cost: 0,
    revenue: 0,
    gross_margin: 0,
    profit: 0,
    roi: null,
    cost_per_response: null,
    control_group: false,
    incremental_revenue: 0,
    incremental_profit: null,
    incremental_roi: null,
    lift: null,
    lift_significant: false,
    left_out_note: null,
    ...overrides,
  };
}

const letter = row({
  id: 'a',
  name: 'Soirée privée',
  launched_at: '2026-10-26T09:00:00.000Z',
  cost: 1234.5,
  revenue: 100000,
  gross_margin: 35000,
  profit: 33765.5,
  roi: 27.35,
  control_group: true,
  incremental_revenue: 20000,
  incremental_profit: 5765.5,
  incremental_roi: 4.67,
  lift: 0.35,
  lift_significant: false,
});
const email = row({ id: 'b', name: 'économies', cost: 300, revenue: 600, gross_margin: 210, profit: -90, roi: -0.3 });
const birthday = row({
  kind: 'automation',
  id: 'z',
  name: 'Anniversaire',
  status: 'running',
  occurrences: 42,
  cost: 0,
});

function refusal(query: Record<string, unknown>): { field: string; message: string } {
  try {
    profitabilityQuery(query);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { field: error.details?.fields?.[0].field ?? '', message: error.message };
  }
  throw new Error('not refused');
}

describe('the Rentabilité page', () => {
  it('reads the period and the sort, an empty date field as no date', () => {
    expect(profitabilityQuery({})).toEqual({ from: undefined, to: undefined, sort: null, order: 'desc' });
    expect(profitabilityQuery({ debut: '2026-01-01', fin: '', tri: 'roi' })).toEqual({
      from: '2026-01-01',
      to: undefined,
      sort: 'roi',
      order: 'desc',
    });
    expect(profitabilityQuery({ tri: 'nom' }).order).toBe('asc');
    expect(profitabilityQuery({ tri: 'lift', ordre: 'asc' }).order).toBe('asc');
  });

  it('refuses what it does not know, naming the parameter', () => {
    expect(refusal({ tri: 'beauté' })).toEqual({ field: 'tri', message: expect.stringContaining('« tri »') });
    expect(refusal({ tri: 'roi', ordre: 'haut' }).field).toBe('ordre');
    expect(refusal({ debut: '2026-02-30' }).field).toBe('debut');
    expect(refusal({ fin: 'hier' }).field).toBe('fin');
    expect(refusal({ debut: '2026-05-01', fin: '2026-04-01' }).field).toBe('debut');
    expect(refusal({ tri: ['roi', 'nom'] }).field).toBe('tri');
    // An inherited property is not a column.
    expect(refusal({ tri: 'toString' }).field).toBe('tri');
  });

  it('sorts numbers, and names in French order, with empty figures last either way', () => {
    const rows = [letter, email, birthday];
    expect(sortOperations(rows, 'roi', 'desc').map((r) => r.id)).toEqual(['a', 'b', 'z']);
    expect(sortOperations(rows, 'roi', 'asc').map((r) => r.id)).toEqual(['b', 'a', 'z']);
    expect(sortOperations(rows, 'cout', 'asc').map((r) => r.id)).toEqual(['z', 'b', 'a']);
    expect(sortOperations(rows, 'nom', 'asc').map((r) => r.name)).toEqual([
      'Anniversaire',
      'économies',
      'Soirée privée',
    ]);
    expect(sortOperations(rows, null, 'desc')).toBe(rows);
  });

  it('shows every figure in French, the incremental ones as a dash without a control group', () => {
    const report: OperationsReport = {
      from: '2025-12-08',
      to: '2026-12-07',
      timezone: 'Africa/Casablanca',
      tables: operationsTables([letter, email, birthday]),
    };
    const page = profitabilityPage(report, profitabilityQuery({ tri: 'roi' }), {
      timeZone: 'Africa/Casablanca',
      today: '2026-12-07',
    });
    expect([page.fromLabel, page.toLabel]).toEqual(['8 déc. 2025', '7 déc. 2026']);
    const [first, second] = page.tables[0].rows;
    expect(first).toMatchObject({
      href: '/campagnes/a',
      name: 'Soirée privée',
      status: 'terminée',
      launched: '26 oct. 2026',
    });
    // fr-FR groups thousands with a narrow no-break space and puts a no-break space before %.
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(first.cells.map((cell) => plain(cell.text))).toEqual([
      '1 234,50',
      '100 000,00',
      '35 000,00',
      '33 765,50',
      '27,35',
      '5 765,50',
      '4,67',
      '–',
      '20 000,00',
      '35,0 %',
    ]);
    expect(first.cells[9].uncertain).toBe(true);
    expect(second.cells.map((cell) => cell.text).slice(5)).toEqual(['–', '–', '–', '–', '–']);
    expect(page.tables[0].rows[2]).toMatchObject({ href: '/automatisations/z', status: 'en cours', occurrences: '42' });
    // Total ROI: 33,675.5 profit over 1,534.5 cost.
    expect(page.tables[0].totals.cells[4].text).toBe('21,95');
    expect(page.tables[0].totals).toMatchObject({ operations: 3, withControlGroup: 1 });
  });

  it('links each heading to its sort, the current one to the other way round, keeping the period', () => {
    const report: OperationsReport = { from: '2026-01-01', to: '2026-06-30', timezone: 'UTC', tables: [] };
    const page = profitabilityPage(report, profitabilityQuery({ tri: 'roi', ordre: 'desc' }), {
      timeZone: 'UTC',
      today: '2026-06-30',
    });
    const roi = page.columns.find((column) => column.key === 'roi');
    const name = page.columns.find((column) => column.key === 'nom');
    expect(roi).toMatchObject({
      sorted: 'descending',
      href: '/rentabilite?debut=2026-01-01&fin=2026-06-30&tri=roi&ordre=asc',
    });
    expect(name).toMatchObject({
      sorted: null,
      href: '/rentabilite?debut=2026-01-01&fin=2026-06-30&tri=nom&ordre=asc',
    });
    expect(page.csvHref).toBe('/rentabilite.csv?debut=2026-01-01&fin=2026-06-30&tri=roi&ordre=desc');
    expect(page.presets).toEqual([
      // This period is this year so far.
      { label: 'Cette année', href: '/rentabilite?debut=2026-01-01&fin=2026-06-30&tri=roi&ordre=desc', current: true },
      {
        label: "L'an dernier (2025)",
        href: '/rentabilite?debut=2025-01-01&fin=2025-12-31&tri=roi&ordre=desc',
        current: false,
      },
    ]);
    expect(pageHref('/rentabilite', { from: '2026-01-01', to: '2026-01-31' }, null, 'desc')).toBe(
      '/rentabilite?debut=2026-01-01&fin=2026-01-31',
    );
  });
});
