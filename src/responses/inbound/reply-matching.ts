import { isValidResponseCode, normaliseResponseCodeInput } from '../../core/security/response-code';

/**
 * How an inbound reply is tied to the message it answers: the Message-IDs it refers to
 * (In-Reply-To first, then References from the most recent), else a response code found in the
 * subject or the text (a reply usually quotes the original, whose response link carries it).
 */
export type HeaderMap = Record<string, string | string[] | undefined>;

const MESSAGE_ID = /<[^<>\s]+@[^<>\s]+>/g;
const CODE_CANDIDATE = /(?<![0-9A-Z])[0-9A-Z]{4}-?[0-9A-Z]{4}-?[0-9A-Z]{3}(?![0-9A-Z])/gi;

/** Header lookup by case-insensitive name; several values are joined. */
export function header(headers: HeaderMap | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower && value !== undefined)
      return Array.isArray(value) ? value.join(' ') : String(value);
  }
  return undefined;
}

const asText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' ') : (value ?? ''));

/** Referenced Message-IDs, most specific first: In-Reply-To, then References newest to oldest. */
export function referencedMessageIds(input: {
  in_reply_to?: string | string[];
  references?: string | string[];
  headers?: HeaderMap;
}): string[] {
  const inReplyTo = `${asText(input.in_reply_to)} ${header(input.headers, 'in-reply-to') ?? ''}`;
  const references = `${asText(input.references)} ${header(input.headers, 'references') ?? ''}`;
  const ids = [...(inReplyTo.match(MESSAGE_ID) ?? []), ...(references.match(MESSAGE_ID) ?? []).reverse()];
  return [...new Set(ids)];
}

/** Valid response codes (check character included) in a text, in order of appearance. */
export function responseCodesIn(text: string | undefined): string[] {
  if (!text) return [];
  const codes = (text.match(CODE_CANDIDATE) ?? []).map(normaliseResponseCodeInput).filter(isValidResponseCode);
  return [...new Set(codes)];
}

const AUTO_SUBJECT =
  /^\s*(r[ée]ponse automatique|automatic reply|auto(matic)?[- ]?reply|out of (the )?office|absence|absent|autoreply)\b/i;

/** Out-of-office and other machine replies (RFC 3834 Auto-Submitted and the usual vendor headers): not a response. */
export function isAutomaticReply(subject: string | undefined, headers: HeaderMap | undefined): boolean {
  const autoSubmitted = header(headers, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  if (
    header(headers, 'x-autoreply') ||
    header(headers, 'x-autorespond') ||
    header(headers, 'x-auto-response-suppress')?.match(/all|oof/i)
  )
    return true;
  if (/^(auto_reply|bulk|junk|list)$/i.test(header(headers, 'precedence')?.trim() ?? '')) return true;
  return AUTO_SUBJECT.test(subject ?? '');
}
