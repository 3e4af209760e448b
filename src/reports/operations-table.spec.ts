import { operationsCsvRows, operationsTables, operationsTotals, type OperationRow } from './operations-table';

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

describe('the operations table', () => {
  const letter = row({
    id: 'a',
    sent: 100,
    responders: 10,
    cost: 2000,
    revenue: 10000,
    gross_margin: 3500,
    profit: 1500,
    roi: 0.75,
    control_group: true,
    incremental_revenue: 4000,
    incremental_profit: -600,
    incremental_roi: -0.3,
  });
  const email = row({
    id: 'b',
    sent: 400,
    responders: 30,
    cost: 100,
    revenue: 1000,
    gross_margin: 350,
    profit: 250,
    roi: 2.5,
  });

  it('sums the money and divides the sums: total ROI is total profit over total cost, not a mean of ROIs', () => {
    const totals = operationsTotals([letter, email]);
    expect(totals).toMatchObject({
      operations: 2,
      sent: 500,
      responders: 40,
      cost: 2100,
      revenue: 11000,
      gross_margin: 3850,
      profit: 1750,
      roi: 0.83, // 1750 / 2100, where the mean of 0.75 and 2.5 would be 1.63
      cost_per_response: 52.5,
    });
  });

  it('adds the incremental figures over the operations with a control group, and divides by their cost only', () => {
    expect(operationsTotals([letter, email])).toMatchObject({
      with_control_group: 1,
      cost_with_control_group: 2000,
      incremental_revenue: 4000,
      incremental_profit: -600,
      incremental_roi: -0.3,
    });
    expect(operationsTotals([email])).toMatchObject({
      with_control_group: 0,
      incremental_revenue: null,
      incremental_profit: null,
      incremental_roi: null,
    });
  });

  it('has no ratio over nothing', () => {
    expect(operationsTotals([])).toMatchObject({ operations: 0, cost: 0, roi: null, cost_per_response: null });
  });

  it('rounds sums of cents to the cent', () => {
    const totals = operationsTotals([row({ cost: 0.1, profit: 0.1 }), row({ cost: 0.2, profit: 0.2 })]);
    expect(totals.cost).toBe(0.3);
    expect(totals.roi).toBe(1);
  });

  it('never adds two currencies: a table each, in alphabetical order, rows in their order', () => {
    const euro = row({ id: 'e', currency: 'EUR', cost: 50, profit: -50, roi: -1 });
    const tables = operationsTables([letter, euro, email]);
    expect(tables.map((table) => table.currency)).toEqual(['EUR', 'MAD']);
    expect(tables[1].operations.map((operation) => operation.id)).toEqual(['a', 'b']);
    expect(tables[0].totals).toMatchObject({ cost: 50, profit: -50, roi: -1 });
    expect(tables[1].totals.cost).toBe(2100);
  });

  it('exports a row per operation and a total row per currency', () => {
    const rows = operationsCsvRows(operationsTables([letter, email]));
    expect(rows.map((csv) => [csv.kind, csv.id, csv.cost])).toEqual([
      ['campaign', 'a', 2000],
      ['campaign', 'b', 100],
      ['total', null, 2100],
    ]);
    expect(rows[2]).toMatchObject({ name: 'Total MAD', roi: 0.83, incremental_roi: -0.3, lift: null });
  });
});
