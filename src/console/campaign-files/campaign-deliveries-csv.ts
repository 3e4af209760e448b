import type { DetailedDeliveryListRow } from '../../campaigns/campaigns.service';
import { csvLine } from '../../core/csv/csv-writer';
import { CHANNEL_LABELS, DELIVERY_STATE_LABELS, labelOf } from '../../reports/french-labels';

/**
 * The console's CSV of a campaign's deliveries (`/campagnes/:id/envois.csv`): the page's columns,
 * headed in French, the states and channels as the page words them, dates in ISO 8601 (UTC),
 * RFC 4180 quoting and cells that a spreadsheet would run as a formula (= + - @) neutralised by
 * core/csv. A byte-order mark first, so a spreadsheet reads the accents as UTF-8. Pure.
 */
export const DELIVERIES_CSV_HEADER = [
  'envoi',
  'étape',
  'canal',
  'identifiant client',
  'contact',
  'e-mail',
  'état',
  'code de réponse',
  'groupe témoin',
  'motif',
  'planifié le',
  'envoyé le',
  'délivré le',
];

export const BYTE_ORDER_MARK = '\ufeff';

export function deliveriesCsvHeader(): string {
  return BYTE_ORDER_MARK + csvLine(DELIVERIES_CSV_HEADER);
}

export function deliveriesCsvLines(rows: DetailedDeliveryListRow[]): string {
  return rows
    .map((row) =>
      csvLine([
        row.delivery_id,
        row.step,
        row.channel ? labelOf(CHANNEL_LABELS, row.channel) : null,
        row.external_id,
        row.contact_name,
        row.email,
        labelOf(DELIVERY_STATE_LABELS, row.state),
        row.response_code,
        row.holdout ? 'oui' : 'non',
        row.reason,
        row.planned_at,
        row.sent_at,
        row.delivered_at,
      ]),
    )
    .join('');
}
