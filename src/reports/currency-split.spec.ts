import { moneyInCurrency, reportCurrency, revenueByCurrency } from './currency-split';

describe('money in several currencies', () => {
  const commerce = { EUR: { orders: 3, revenue: 500 }, MAD: { orders: 4, revenue: 4500.004 } };

  it('keeps the part in the currency asked for and lists the rest', () => {
    expect(moneyInCurrency('EUR', commerce, { EUR: 25, MAD: 450 })).toEqual({
      currency: 'EUR',
      orders: 3,
      revenue: 500,
      compensations: 25,
      left_out: {
        currencies: ['MAD'],
        orders: 4,
        revenue_by_currency: { MAD: 4500 },
        compensation_by_currency: { MAD: 450 },
        note: 'amounts in MAD are not converted into EUR (no exchange rate is assumed): they are left out of revenue, average_basket and loss_rate',
      },
    });
  });

  it('lists a currency that only has compensations, and nothing when all is in the currency', () => {
    expect(moneyInCurrency('MAD', { MAD: { orders: 1, revenue: 10 } }, { USD: 5 }).left_out).toMatchObject({
      currencies: ['USD'],
      orders: 0,
      compensation_by_currency: { USD: 5 },
    });
    expect(moneyInCurrency('MAD', { MAD: { orders: 1, revenue: 10 } }, { MAD: 1 }).left_out).toEqual({
      currencies: [],
      orders: 0,
      revenue_by_currency: {},
      compensation_by_currency: {},
      note: null,
    });
    // No money at all in the currency asked for: zero, not a missing figure.
    expect(moneyInCurrency('EUR', { MAD: { orders: 2, revenue: 80 } }, {})).toMatchObject({
      orders: 0,
      revenue: 0,
      compensations: 0,
      left_out: { currencies: ['MAD'], orders: 2 },
    });
  });

  it('rounds per currency in a stable order', () => {
    expect(
      Object.keys(revenueByCurrency({ MAD: { orders: 1, revenue: 1 }, EUR: { orders: 1, revenue: 0.125 } })),
    ).toEqual(['EUR', 'MAD']);
    expect(revenueByCurrency(commerce)).toEqual({ EUR: 500, MAD: 4500 });
  });

  it('takes an ISO 4217 code in any case, the default when none, and refuses anything else naming the field', () => {
    expect(reportCurrency(undefined, 'EUR')).toBe('EUR');
    expect(reportCurrency(' mad ', 'EUR')).toBe('MAD');
    expect(() => reportCurrency('euros', 'EUR')).toThrow(
      expect.objectContaining({
        code: 'reports.bad_currency',
        details: { fields: [expect.objectContaining({ field: 'currency' })] },
      }),
    );
  });
});
