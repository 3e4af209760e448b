import type { ContactChannel } from '../consent/consent.types';
import { CONTACT_CHANNELS, REFUSAL_REASONS } from '../consent/consent.types';
import { LIFECYCLE_STAGES, VALUE_TIERS } from './segment-rules';

/** One contact of a preview's sample (the columns of segment-preview-sql.ts): enough to recognise the person. */
export interface SampleContact {
  external_id: string;
  type: string;
  civility: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  lifecycle: string | null;
  value_tier: string | null;
  rfm_score: string | null;
  silent: boolean;
}

/** The answer of a preview: how many, who (a sample), and how they split. */
export interface SegmentPreview {
  count: number;
  sample: SampleContact[];
  breakdown: {
    /** `unscored`: contacts added since the last scoring run. */
    lifecycle: Record<(typeof LIFECYCLE_STAGES)[number] | 'unscored', number>;
    /** `none`: prospects (no purchase) and contacts not scored yet. */
    value_tier: Record<(typeof VALUE_TIERS)[number] | 'none', number>;
    /** The 20 largest regions, largest first; `null` for contacts without a region. */
    region: Array<{ region: string | null; count: number }>;
    other_regions: number;
    /** Per channel, how many the consent policy lets a marketing message reach, and why the others are refused. */
    reachability: Record<
      ContactChannel,
      { reachable: number; refused: Partial<Record<(typeof REFUSAL_REASONS)[number], number>> }
    >;
  };
  evaluated_at: string;
  /** When the scores read by lifecycle, value_tier, rfm.* and silent were computed (null: never). */
  scored_at: string | null;
  consent_policy: string;
}

export interface BreakdownRow {
  dimension: string;
  value: string | null;
  count: number;
}

const TOP_REGIONS = 20;

/** Shapes the breakdown rows of `previewStatement` into the preview document (every known key present, zeros included). */
export function shapeBreakdown(rows: BreakdownRow[]): { count: number; breakdown: SegmentPreview['breakdown'] } {
  const of = (dimension: string) => rows.filter((row) => row.dimension === dimension);
  const lifecycle = Object.fromEntries(
    [...LIFECYCLE_STAGES, 'unscored'].map((stage) => [stage, 0]),
  ) as SegmentPreview['breakdown']['lifecycle'];
  for (const row of of('lifecycle')) lifecycle[(row.value ?? 'unscored') as keyof typeof lifecycle] += row.count;
  const tiers = Object.fromEntries(
    [...VALUE_TIERS, 'none'].map((tier) => [tier, 0]),
  ) as SegmentPreview['breakdown']['value_tier'];
  for (const row of of('value_tier')) tiers[(row.value ?? 'none') as keyof typeof tiers] += row.count;
  const regions = of('region')
    .map((row) => ({ region: row.value, count: row.count }))
    .sort((a, b) => b.count - a.count || String(a.region).localeCompare(String(b.region)));
  const reachability = Object.fromEntries(
    CONTACT_CHANNELS.map((channel) => {
      const refused: Record<string, number> = {};
      let reachable = 0;
      for (const row of of(channel)) {
        if (row.value === null) reachable += row.count;
        else refused[row.value] = (refused[row.value] ?? 0) + row.count;
      }
      return [channel, { reachable, refused }];
    }),
  ) as SegmentPreview['breakdown']['reachability'];
  return {
    count: of('lifecycle').reduce((sum, row) => sum + row.count, 0),
    breakdown: {
      lifecycle,
      value_tier: tiers,
      region: regions.slice(0, TOP_REGIONS),
      other_regions: regions.slice(TOP_REGIONS).reduce((sum, row) => sum + row.count, 0),
      reachability,
    },
  };
}
