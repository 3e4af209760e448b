import { Parser } from 'htmlparser2';

/**
 * The plain-text alternative of an e-mail, derived from its HTML. It runs on the template's
 * HTML (once per template version), not on each recipient's: Handlebars expressions are text to
 * it and come out in place, so the result is itself a template merged per recipient.
 */

const SKIPPED = new Set(['head', 'style', 'script', 'title', 'noscript', 'template']);
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'table']);
const BLOCKS = new Set(['div', 'tr', 'section', 'article', 'header', 'footer', 'center', 'dl', 'dt', 'dd', 'pre', 'address', 'figure']);
const VOID = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'col', 'area', 'base', 'source', 'wbr']);

function isHidden(attributes: Record<string, string>): boolean {
  const style = (attributes.style ?? '').toLowerCase().replace(/\s+/g, '');
  return style.includes('display:none') || 'hidden' in attributes || attributes['aria-hidden'] === 'true';
}

interface OpenLink {
  href: string;
  start: number;
  imageAlt: string[];
}

class TextBuilder {
  private readonly out: string[] = [];
  private readonly stack: Array<{ name: string; skip: boolean }> = [];
  private readonly links: OpenLink[] = [];
  private skipping = 0;

  open(name: string, attributes: Record<string, string>): void {
    const skip = SKIPPED.has(name) || isHidden(attributes);
    if (!VOID.has(name)) this.stack.push({ name, skip });
    if (skip) this.skipping++;
    if (this.skipping) return;
    if (name === 'br') this.out.push('\n');
    else if (name === 'hr') this.out.push('\n\n----------\n\n');
    else if (name === 'li') this.out.push('\n- ');
    else if (PARAGRAPHS.has(name)) this.out.push('\n\n');
    else if (BLOCKS.has(name)) this.out.push('\n');
    else if (name === 'td' || name === 'th') this.out.push(' ');
    else if (name === 'a') this.links.push({ href: (attributes.href ?? '').trim(), start: this.out.length, imageAlt: [] });
    else if (name === 'img' && this.links.length && attributes.alt) this.links[this.links.length - 1].imageAlt.push(attributes.alt);
  }

  close(name: string): void {
    if (VOID.has(name)) return;
    const index = this.stack.map((entry) => entry.name).lastIndexOf(name);
    if (index < 0) return;
    for (const entry of this.stack.splice(index)) {
      if (entry.skip) this.skipping--;
      else if (!this.skipping) this.closeVisible(entry.name);
    }
  }

  private closeVisible(name: string): void {
    if (PARAGRAPHS.has(name)) this.out.push('\n\n');
    else if (BLOCKS.has(name)) this.out.push('\n');
    else if (name === 'a') this.closeLink();
  }

  private closeLink(): void {
    const link = this.links.pop();
    if (!link) return;
    const label = this.out.slice(link.start).join('').replace(/\s+/g, ' ').trim() || link.imageAlt.join(' ').trim();
    const href = link.href.replace(/^mailto:/i, '');
    if (!link.href || link.href.startsWith('#') || /^javascript:/i.test(link.href)) return;
    this.out.splice(link.start);
    this.out.push(label && label !== href ? `${label} (${href})` : href);
  }

  text(value: string): void {
    // HTML white space (ASCII only: a no-break space is meant and stays).
    if (!this.skipping) this.out.push(value.replace(/[ \t\n\r\f]+/g, ' '));
  }

  result(): string {
    return this.out
      .join('')
      .split('\n')
      .map((line) => line.replace(/ {2,}/g, ' ').replace(/^ +| +$/g, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

export function htmlToText(html: string): string {
  const builder = new TextBuilder();
  const parser = new Parser(
    {
      onopentag: (name, attributes) => builder.open(name.toLowerCase(), attributes),
      onclosetag: (name) => builder.close(name.toLowerCase()),
      ontext: (text) => builder.text(text),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return builder.result() + '\n';
}
