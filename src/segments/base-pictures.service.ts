import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { BASE_PICTURES_SQL } from './base-pictures-sql';
import { LIFECYCLE_STAGES, VALUE_TIERS, type LifecycleStage, type ValueTier } from './segment-rules';
import { scoringConfig, type ScoringConfigType } from './scoring.config';

/** Clients and their revenue (company currency, over the scoring window). */
export interface Slice {
  clients: number;
  revenue: number;
}

export interface RfmCell extends Slice {
  recency: number;
  frequency: number;
}

export interface ParetoPoint {
  /** 1 to 10: the best tenth of the buyers, the best two tenths… */
  decile: number;
  /** The buyers up to the end of this decile, and their share of the buyers. */
  clients: number;
  clientShare: number;
  revenue: number;
  revenueShare: number;
}

export interface SilentClient {
  external_id: string;
  civility: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  orders: number;
  last_order_at: string;
  lifetime: number;
  before_silence: number;
}

/**
 * The pictures of the base, from the scores of the last scoring run: the RFM grid (recency ×
 * frequency), the lifecycle stages and value tiers, the Pareto curve of revenue and the silent
 * clients with the money they brought. Revenue is the window revenue of the scores (the last
 * `windowMonths` months) in the company currency; the silent clients' money is read from purchases.
 */
export interface BasePictures {
  currency: string;
  windowMonths: number;
  scoredAt: string | null;
  /** Scored contacts (not erased), and those whose money is in another currency (counted, not added). */
  total: Slice;
  otherCurrency: number;
  /** The 25 cells, recency 5 → 1, frequency 1 → 5; `rfmScored` is the sum of their clients. */
  rfm: RfmCell[];
  rfmScored: number;
  lifecycle: Array<Slice & { stage: LifecycleStage }>;
  /** The three tiers, then `null`: contacts without any order (no tier). */
  valueTiers: Array<Slice & { tier: ValueTier | null }>;
  pareto: { buyers: number; revenue: number; deciles: ParetoPoint[]; clientsFor80: number | null };
  silent: { clients: number; lifetime: number; beforeSilence: number; best: SilentClient[] };
}

interface DistributionRow extends Slice {
  recency: number | null;
  frequency: number | null;
  stage: LifecycleStage | null;
  tier: ValueTier | null;
  grid: number;
  by_stage: number;
  by_tier: number;
  other_currency: number;
}

interface ParetoRow {
  decile: number;
  last_rank: number;
  running: number;
  buyers: number;
  total: number;
  rank_for_80: number | null;
}

/** The one row of BASE_PICTURES_SQL: its groupings and deciles as JSON arrays. */
interface PicturesRow {
  distribution: DistributionRow[];
  pareto: ParetoRow[];
  silent_clients: number;
  silent_lifetime: number;
  silent_before: number;
  silent_best: SilentClient[];
}

/** How many silent clients the page lists. */
export const SILENT_LIST = 10;

@Injectable()
export class BasePicturesService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(scoringConfig.KEY) private readonly settings: ScoringConfigType,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async pictures(): Promise<BasePictures> {
    const currency = this.config.defaultCurrency;
    // The planner overestimates the joins of the silent clients enough to compile the statement (JIT),
    // which costs seconds and saves nothing here: off, as for segment queries.
    const [row] = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      // The scores read once are kept for four readers: in memory, not in a temporary file.
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      return queryRows<PicturesRow>(manager, BASE_PICTURES_SQL, [currency, SILENT_LIST]);
    });
    const [run] = await queryRows<{ as_of: Date } | undefined>(
      this.dataSource,
      `SELECT as_of FROM segment_scoring_runs ORDER BY id DESC LIMIT 1`,
    );
    const { distribution: rows, pareto } = row;
    const total = rows.find((row) => row.grid && row.by_stage && row.by_tier);
    const rfm = rfmGrid(rows);
    return {
      currency,
      windowMonths: this.settings.rfmWindowMonths,
      scoredAt: run ? new Date(run.as_of).toISOString() : null,
      total: slice(total),
      otherCurrency: total?.other_currency ?? 0,
      rfm,
      rfmScored: rfm.reduce((sum, cell) => sum + cell.clients, 0),
      lifecycle: LIFECYCLE_STAGES.map((stage) => ({
        stage,
        ...slice(rows.find((row) => !row.by_stage && row.stage === stage)),
      })),
      valueTiers: [...VALUE_TIERS, null].map((tier) => ({
        tier,
        ...slice(rows.find((row) => !row.by_tier && row.tier === tier)),
      })),
      pareto: paretoCurve(pareto),
      silent: {
        clients: row.silent_clients,
        lifetime: row.silent_lifetime,
        beforeSilence: row.silent_before,
        best: row.silent_best,
      },
    };
  }
}

function slice(row: Slice | undefined): Slice {
  return { clients: row?.clients ?? 0, revenue: row?.revenue ?? 0 };
}

/** The 25 cells, empty ones included: recency 5 (most recent) first, frequency 1 → 5 in each. */
function rfmGrid(rows: DistributionRow[]): RfmCell[] {
  const cells: RfmCell[] = [];
  for (let recency = 5; recency >= 1; recency--)
    for (let frequency = 1; frequency <= 5; frequency++) {
      const row = rows.find(
        (candidate) => !candidate.grid && candidate.recency === recency && candidate.frequency === frequency,
      );
      cells.push({ recency, frequency, ...slice(row) });
    }
  return cells;
}

/** Ten points of the curve; a decile no buyer ends (fewer than ten buyers) repeats the previous point. */
function paretoCurve(rows: ParetoRow[]): BasePictures['pareto'] {
  const buyers = rows[0]?.buyers ?? 0;
  const revenue = rows[0]?.total ?? 0;
  const deciles: ParetoPoint[] = [];
  let previous = { clients: 0, revenue: 0 };
  for (let decile = 1; decile <= 10; decile++) {
    const row = rows.find((candidate) => candidate.decile === decile);
    if (row) previous = { clients: row.last_rank, revenue: row.running };
    deciles.push({
      decile,
      clients: previous.clients,
      clientShare: buyers ? previous.clients / buyers : 0,
      revenue: previous.revenue,
      revenueShare: revenue ? previous.revenue / revenue : 0,
    });
  }
  const ranks = rows.map((row) => row.rank_for_80).filter((rank): rank is number => rank !== null);
  return { buyers, revenue, deciles, clientsFor80: ranks.length ? Math.min(...ranks) : null };
}
