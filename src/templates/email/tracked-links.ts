import { ownEntry } from '../../core/text/text';

/**
 * Open and click tracking of an e-mail, decided once per template version: every trackable link
 * of the compiled HTML is replaced by `<public url>/t/c/<token>` and a 1×1 pixel is added before
 * `</body>`. The tokens are per recipient (`@relance_link_<n>`, `@relance_open` in the render
 * data), the list of original links is kept with the template version, and the redirect only
 * ever goes to a link of that list: there is no open redirect.
 *
 * Trackable: a literal `http(s)://` link, or the message's own response link (`{{response_url}}`
 * with an optional literal suffix such as `&score=9`). Never rewritten: unsubscribe links
 * (one-click must keep working, and an objection is not a click), `mailto:`/`tel:`, anchors,
 * and links built from other data (`{{sender.website}}`, `{{attr.x}}`), which the redirect could
 * not check against the template.
 */
export interface TrackedHtml {
  /** The HTML with tracking placeholders: still a Handlebars source. */
  html: string;
  /** Original hrefs, as written in the HTML attribute; placeholder n stands for links[n]. */
  links: string[];
}

const ANCHOR = /<(a|area)\b([^>]*?)\bhref\s*=\s*(["'])([\s\S]*?)\3/gi;
const RESPONSE_URL_PREFIX = /^\{\{\{?\s*response_url\s*\}?\}\}/;
const UNSUBSCRIBE_WORDS = /unsubscribe|d[eé]sinscri|d[eé]sabonn|opt-?out/i;

export const linkPlaceholder = (index: number) => `relance_link_${index}`;
export const OPEN_PLACEHOLDER = 'relance_open';

/** Whether an href (as written in the HTML) is rewritten through the click redirect. */
export function isTrackableHref(href: string): boolean {
  const value = href.trim();
  if (RESPONSE_URL_PREFIX.test(value)) return !value.replace(RESPONSE_URL_PREFIX, '').includes('{{');
  if (value.includes('{{')) return false;
  if (!/^https?:\/\/[^\s/]/i.test(value)) return false;
  return !UNSUBSCRIBE_WORDS.test(value);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Rewrites the trackable links and adds the open pixel. `publicUrl` has no trailing slash. */
export function addTracking(html: string, publicUrl: string): TrackedHtml {
  const links: string[] = [];
  const indexOf = new Map<string, number>();
  const base = escapeAttribute(publicUrl);
  const rewritten = html.replace(ANCHOR, (whole, tag: string, before: string, quote: string, href: string) => {
    const value = href.trim();
    if (!isTrackableHref(value)) return whole;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = links.push(value) - 1;
      indexOf.set(value, index);
    }
    return `<${tag}${before}href=${quote}${base}/t/c/{{@${linkPlaceholder(index)}}}${quote}`;
  });
  const pixel = `<img src="${base}/t/o/{{@${OPEN_PLACEHOLDER}}}.gif" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
  const close = rewritten.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return { html: close >= 0 ? `${rewritten.slice(0, close)}${pixel}${rewritten.slice(close)}` : `${rewritten}${pixel}`, links };
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', equals: '=' };

/** Decodes the character references an HTML attribute may hold (what a browser does before following the link). */
export function decodeAttribute(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ownEntry(NAMED_ENTITIES, name.toLowerCase()) ?? entity;
  });
}

/**
 * Where a tracked link leads for one message: the stored href with the message's own response
 * link substituted. Undefined for anything that is not an absolute http(s) URL.
 */
export function resolveTrackedHref(href: string, message: { responseUrl: string }): string | undefined {
  if (!isTrackableHref(href)) return undefined;
  const value = href.trim();
  const target = RESPONSE_URL_PREFIX.test(value) ? message.responseUrl + decodeAttribute(value.replace(RESPONSE_URL_PREFIX, '')) : decodeAttribute(value);
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
