import { roundedByCurrency, type MoneyByCurrency } from './currency-split';

/**
 * A campaign's attributed purchases in several currencies. Its costs are in its own currency
 * and nothing is converted: every purchase is a conversion, but only those in the campaign's
 * currency make its revenue, margin, profit and ROI; the others are totalled per currency and
 * listed in `left_out`. Pure: the service groups the purchases with SQL.
 */
export type AudienceGroup = 'treatment' | 'holdout';

export interface AttributedByCurrency {
  audience_group: AudienceGroup;
  currency: string;
  purchases: number;
  revenue: number;
}

export interface GroupMoney {
  /** In the campaign's currency. */
  revenue: number;
  revenue_by_currency: MoneyByCurrency;
}

export interface CampaignMoneyLeftOut {
  currencies: string[];
  treatment: { purchases: number; revenue_by_currency: MoneyByCurrency };
  holdout: { purchases: number; revenue_by_currency: MoneyByCurrency };
  /** Says in words what was left out of which figures; null when nothing was. */
  note: string | null;
}

export interface CampaignMoney {
  treatment: GroupMoney;
  holdout: GroupMoney;
  left_out: CampaignMoneyLeftOut;
}

export function splitCampaignMoney(currency: string, rows: AttributedByCurrency[]): CampaignMoney {
  const group = (name: AudienceGroup) => {
    const mine = rows.filter((row) => row.audience_group === name);
    const others = mine.filter((row) => row.currency !== currency);
    return {
      money: {
        revenue: mine.find((row) => row.currency === currency)?.revenue ?? 0,
        revenue_by_currency: roundedByCurrency(Object.fromEntries(mine.map((row) => [row.currency, row.revenue]))),
      },
      leftOut: {
        purchases: others.reduce((sum, row) => sum + row.purchases, 0),
        revenue_by_currency: roundedByCurrency(Object.fromEntries(others.map((row) => [row.currency, row.revenue]))),
      },
    };
  };
  const treatment = group('treatment');
  const holdout = group('holdout');
  const currencies = [...new Set(rows.filter((row) => row.currency !== currency).map((row) => row.currency))].sort();
  return {
    treatment: treatment.money,
    holdout: holdout.money,
    left_out: {
      currencies,
      treatment: treatment.leftOut,
      holdout: holdout.leftOut,
      note: currencies.length
        ? `purchases in ${currencies.join(', ')} are not converted into ${currency}, the campaign's currency (no exchange rate is assumed): they count as conversions (buyers, conversion rate, lift) but are left out of revenue, gross margin, profit, ROI and incremental revenue`
        : null,
    },
  };
}
