import type { DueComplaints } from '../../complaints/complaint-queries.service';
import type { ProgrammeKpiReport, ProgrammeKpis } from '../../reports/programme-kpis.service';
import {
  dueComplaints,
  runningCampaigns,
  upcomingSends,
  type RunningCampaignInput,
  type UpcomingInput,
} from './dashboard-activity';
import { kpiCards, otherCurrencies } from './dashboard-kpis';
import { daysLabel, PERIOD_KINDS, type DashboardPeriod, type PeriodFieldError } from './dashboard-period';
import { trendCharts } from './dashboard-trends';

/** The Tableau de bord's whole view, from what the services gave. Pure. */
export interface DashboardInput {
  choice: DashboardPeriod;
  error: PeriodFieldError | null;
  report: ProgrammeKpiReport;
  trend: ProgrammeKpis[];
  running: RunningCampaignInput[];
  upcoming: UpcomingInput[];
  /** How many messages of each kind AutomationUpcoming lists at most. */
  upcomingLimit: number;
  due: DueComplaints;
  timeZone: string;
}

const FIELD_LABELS = { periode: 'Période', debut: 'Début', fin: 'Fin' } as const;

const ARROWS = { up: '▲', down: '▼', same: '', none: '' } as const;

/** Where a card's figure is explained further: the complaints, the operations' profitability, or its trend below. */
function cardLinks(period: { from: string; to: string }): Record<string, { href: string; text: string }> {
  const profitability = {
    href: `/rentabilite?debut=${period.from}&fin=${period.to}`,
    text: 'Rentabilité des opérations',
  };
  const indicators = {
    href: `/reclamations/indicateurs?du=${period.from}&au=${period.to}`,
    text: 'Indicateurs des réclamations',
  };
  const trend = (id: string) => ({ href: `#${id}`, text: 'Évolution sur douze mois' });
  return {
    retention_rate: trend('tendance-retention'),
    attrition_rate: trend('tendance-retention'),
    complaint_rate: indicators,
    loss_rate: indicators,
    nps: trend('tendance-nps'),
    revenue: profitability,
    average_basket: profitability,
    purchase_frequency: trend('tendance-ca'),
  };
}

function cards(report: ProgrammeKpiReport, previousLabel: string) {
  const links = cardLinks(report);
  return kpiCards(report, { previous: previousLabel, yearEarlier: 'Un an plus tôt' }).map((card) => ({
    ...card,
    link: links[card.key] ?? null,
    changes: card.changes.map((change) => ({ ...change, arrow: ARROWS[change.direction] })),
  }));
}

export function dashboardView(input: DashboardInput) {
  const { choice, report, error } = input;
  const previousLabel = choice.kind === 'mois' && !choice.toDate ? 'Mois précédent' : 'Période précédente';
  return {
    period: {
      label: choice.label,
      kind: choice.kind,
      from: report.from,
      to: report.to,
      toDate: choice.toDate,
      custom: choice.kind === 'personnalisee',
      kinds: PERIOD_KINDS.map((kind) => ({ ...kind, selected: kind.value === choice.kind })),
      previousHref: choice.previousHref,
      nextHref: choice.nextHref,
      dates: daysLabel(report.from, report.to),
      previousDates: daysLabel(report.previous_period.from, report.previous_period.to),
      yearEarlierDates: daysLabel(report.year_on_year.from, report.year_on_year.to),
    },
    error: error
      ? { label: FIELD_LABELS[error.field], value: error.value, reason: error.reason, field: error.field }
      : null,
    invalid: {
      periode: error?.field === 'periode',
      debut: error?.field === 'debut',
      fin: error?.field === 'fin',
    },
    currency: report.currency,
    cards: cards(report, previousLabel),
    otherCurrencies: otherCurrencies(report),
    trends: trendCharts(input.trend),
    running: runningCampaigns(input.running, input.timeZone),
    upcoming: upcomingSends(input.upcoming, input.timeZone, input.upcomingLimit),
    complaints: dueComplaints(input.due, input.timeZone),
  };
}
