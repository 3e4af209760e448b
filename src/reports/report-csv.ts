import type { CampaignReport } from './campaign-report.service';

/** The nested report as one flat row (`messages.sent`, `conversions.treatment.revenue`…), for spreadsheets. */
export function flattenReport(report: CampaignReport): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
    } else row[prefix] = value;
  };
  walk(report, '');
  return row;
}
