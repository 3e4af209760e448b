import type { OutboxEmail, OutboxEmailSummary } from '../../channels/email/file-outbox-reader';
import type { LoggedSms } from '../../channels/sms/jsonl-sms-reader';
import type { CallListEntry, CallListSummary } from '../../deliveries/call-lists';
import type { CampaignRef } from '../../deliveries/message-campaigns';
import type { ManifestPage, PrintBatch } from '../../deliveries/senders/print-batch-folder';

/**
 * Boîte d'envoi: what the pages show of the files relance wrote (the readers are in channels and
 * deliveries). Pure: links, labels, pages; no file is read here.
 */
export const OUTBOX_PATH = '/boite-d-envoi';
export const OUTBOX_PAGE_SIZE = 50;
const MAX_PAGE = 1_000_000;

export type OutboxSection = 'apercu' | 'e-mails' | 'sms' | 'courriers' | 'appels';

export interface OutboxTab {
  href: string;
  label: string;
  current: boolean;
}

/** The outbox's own navigation: the e-mail and SMS tabs only when they go to files. */
export function outboxTabs(current: OutboxSection, files: { emails: boolean; sms: boolean }): OutboxTab[] {
  const tabs: Array<{ section: OutboxSection; label: string; shown: boolean }> = [
    { section: 'apercu', label: 'Aperçu', shown: true },
    { section: 'e-mails', label: 'E-mails', shown: files.emails },
    { section: 'sms', label: 'SMS', shown: files.sms },
    { section: 'courriers', label: 'Courriers', shown: true },
    { section: 'appels', label: "Listes d'appels", shown: true },
  ];
  return tabs
    .filter((tab) => tab.shown)
    .map((tab) => ({
      href: tab.section === 'apercu' ? OUTBOX_PATH : `${OUTBOX_PATH}/${tab.section}`,
      label: tab.label,
      current: tab.section === current,
    }));
}

/** `?page=` as asked: absent is the first page; anything but a whole number from 1 is refused, naming the field. */
export function pageNumber(value: unknown): { page: number } | { problem: string } {
  if (value === undefined) return { page: 1 };
  if (typeof value === 'string' && /^\d{1,7}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_PAGE)
    return { page: Number(value) };
  return {
    problem: `Le paramètre « page » doit être un nombre entier entre 1 et ${MAX_PAGE.toLocaleString('fr-FR')}.`,
  };
}

export interface Pagination {
  page: number;
  pages: number;
  total: number;
  /** The rows shown, 1-based (0 and 0 when there are none). */
  from: number;
  to: number;
  previous: string | null;
  next: string | null;
}

export function offsetOf(page: number): number {
  return (page - 1) * OUTBOX_PAGE_SIZE;
}

/** Pages of `total` rows; undefined when `page` is past the last one (an empty list has its page 1). */
export function pagination(page: number, total: number, path: string): Pagination | undefined {
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  if (page > pages) return undefined;
  const link = (target: number) => (target === 1 ? path : `${path}?page=${target}`);
  return {
    page,
    pages,
    total,
    from: total ? offsetOf(page) + 1 : 0,
    to: Math.min(total, page * OUTBOX_PAGE_SIZE),
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}

export interface CampaignLink {
  name: string;
  href: string;
}

function campaignLink(campaign: CampaignRef | undefined): CampaignLink | null {
  return campaign ? { name: campaign.name, href: `/campagnes/${encodeURIComponent(campaign.id)}` } : null;
}

export function emailHref(id: string): string {
  return `${OUTBOX_PATH}/e-mails/${encodeURIComponent(id)}`;
}

export function emailRows(items: OutboxEmailSummary[], campaigns: Map<string, CampaignRef>) {
  return items.map((item) => ({
    href: emailHref(item.id),
    date: item.date ?? item.writtenAt,
    to: item.to ?? '',
    subject: item.subject || '(sans objet)',
    campaign: campaignLink(item.deliveryId ? campaigns.get(item.deliveryId) : undefined),
  }));
}

/** One e-mail's page: every header as written (decoded), the HTML body's address for the sandboxed frame, the text. */
export function emailPage(email: OutboxEmail, campaign: CampaignRef | undefined) {
  return {
    subject: email.subject || '(sans objet)',
    date: email.date ?? email.writtenAt,
    writtenAt: email.writtenAt,
    kilobytes: Math.max(1, Math.round(email.bytes / 1024)),
    headers: email.headers,
    campaign: campaignLink(campaign),
    bodyHref: email.html !== null ? `${emailHref(email.id)}/corps` : null,
    text: email.text,
    tooLarge: email.tooLarge,
  };
}

export function smsRows(items: LoggedSms[], campaigns: Map<string, CampaignRef>) {
  return items.map((sms) => ({
    line: sms.line,
    at: sms.at,
    to: sms.to ?? '',
    sender: sms.sender,
    text: sms.text ?? '',
    readable: sms.readable,
    campaign: campaignLink(sms.reference ? campaigns.get(sms.reference) : undefined),
  }));
}

export function batchHref(batch: Pick<PrintBatch, 'campaignId' | 'run'>): string {
  return `${OUTBOX_PATH}/courriers/${encodeURIComponent(batch.campaignId)}/${encodeURIComponent(batch.run)}`;
}

export function batchRow(batch: PrintBatch, manifest: Pick<ManifestPage, 'letters' | 'pages'>, campaign?: CampaignRef) {
  return {
    href: batchHref(batch),
    pdfHref: `${batchHref(batch)}/lettres.pdf`,
    run: batch.run,
    campaignId: batch.campaignId,
    campaign: campaignLink(campaign),
    writtenAt: batch.writtenAt,
    letters: manifest.letters,
    pages: manifest.pages,
    kilobytes: Math.max(1, Math.round(batch.pdfBytes / 1024)),
  };
}

const MANIFEST_LABELS: Record<string, string> = {
  sequence: 'N°',
  response_code: 'Code réponse',
  external_id: 'Client',
  first_page: 'Première page',
  last_page: 'Dernière page',
  pages: 'Pages',
  postal_code: 'Code postal',
  country: 'Pays',
};

/** The manifest as a table: French column headings for the columns relance writes, the others as named. */
export function manifestTable(manifest: ManifestPage) {
  return {
    columns: manifest.columns.map((column) => MANIFEST_LABELS[column] ?? column),
    rows: manifest.rows.map((cells) => ({ cells })),
  };
}

export function callListHref(stepId: string): string {
  return `${OUTBOX_PATH}/appels/${encodeURIComponent(stepId)}`;
}

export function callListRows(lists: CallListSummary[]) {
  return lists.map((list) => ({
    href: callListHref(list.stepId),
    campaign: campaignLink({ id: list.campaignId, name: list.campaignName }),
    position: list.position,
    calls: list.calls,
    answered: list.answered,
    firstAt: list.firstAt,
  }));
}

const OUTCOMES: Record<string, string> = {
  reached: 'Joint',
  appointment: 'Rendez-vous',
  callback: 'À rappeler',
  refused: 'Refus',
  wrong_number: 'Mauvais numéro',
};

export function callEntryRows(entries: CallListEntry[], offset: number) {
  return entries.map((entry, index) => ({
    rank: offset + index + 1,
    externalId: entry.externalId,
    name: [entry.name, entry.companyName].filter(Boolean).join(' · ') || '–',
    phone: entry.phone ?? '–',
    outcome: entry.outcome ? (OUTCOMES[entry.outcome] ?? entry.outcome) : 'Pas encore appelé',
    script: entry.script,
  }));
}
