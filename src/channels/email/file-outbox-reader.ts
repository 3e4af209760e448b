import type { Dirent, Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { headerValue, readEml, readEmlHeaders, type EmlHeader } from './eml-reader';

/**
 * Reads back what FileOutboxTransport wrote: the `.eml` files of its folder, newest first. A file
 * is named by an id that the request gives; the id is looked up in the folder's listing and the
 * file opened is the listed one: no path from outside ever reaches the file system.
 */
export interface OutboxEmailSummary {
  id: string;
  /** The delivery the file is named after (FileOutboxTransport writes `<delivery id>.eml`), when it is one. */
  deliveryId: string | null;
  writtenAt: Date;
  bytes: number;
  date: Date | null;
  from: string | null;
  to: string | null;
  subject: string | null;
}

export interface OutboxEmail extends OutboxEmailSummary {
  headers: EmlHeader[];
  text: string | null;
  html: string | null;
  /** Over MAX_READ_BYTES: the headers are read, the bodies are not. */
  tooLarge: boolean;
}

/** What a listed file's name must look like: `<id>.eml`, the id a plain token. */
export const EMAIL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
/** The head of a file read for the list: enough for any header block relance writes. */
const HEAD_BYTES = 32 * 1024;
/** A message bigger than this is not decoded for display (relance's own are a few tens of KB). */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

interface Listed {
  id: string;
  file: string;
}

/**
 * Newest first without a stat per file (a folder of 100,000 e-mails lists in a few tens of ms):
 * delivery ids, in descending order, follow the order messages were planned and written in; files
 * with other names come after them, in reverse name order.
 */
function newestFirst(a: string, b: string): number {
  const aNumber = /^\d+$/.test(a);
  const bNumber = /^\d+$/.test(b);
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  if (aNumber && a.length !== b.length) return b.length - a.length;
  return b < a ? -1 : b > a ? 1 : 0;
}

export class FileOutboxReader {
  constructor(private readonly directory: string) {}

  /** A page of the e-mails, newest first, and how many there are (only the page's files are opened). */
  async page(offset: number, limit: number): Promise<{ total: number; items: OutboxEmailSummary[] }> {
    const listed = await this.listing();
    const items = await Promise.all(listed.slice(offset, offset + limit).map((entry) => this.summary(entry)));
    return { total: listed.length, items };
  }

  /** One e-mail by its id, or undefined when no listed file has that id. */
  async open(id: string): Promise<OutboxEmail | undefined> {
    if (!EMAIL_ID.test(id)) return undefined;
    const entry = (await this.listing()).find((listed) => listed.id === id);
    if (!entry) return undefined;
    const stat = await fs.stat(entry.file);
    if (stat.size > MAX_READ_BYTES) {
      const headers = readEmlHeaders(await readHead(entry.file));
      return { ...summarise(entry, stat, headers), headers, text: null, html: null, tooLarge: true };
    }
    const email = readEml(await fs.readFile(entry.file));
    return { ...summarise(entry, stat, email.headers), ...email, tooLarge: false };
  }

  /** Which of these ids name a listed e-mail (one listing of the folder, no file opened). */
  async listed(ids: string[]): Promise<Set<string>> {
    const wanted = new Set(ids);
    return new Set((await this.listing()).map((entry) => entry.id).filter((id) => wanted.has(id)));
  }

  /** The folder's `.eml` files (none when the folder does not exist yet), newest first. */
  private async listing(): Promise<Listed[]> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(this.directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.eml') && EMAIL_ID.test(entry.name.slice(0, -4)))
      .map((entry) => entry.name.slice(0, -4))
      .sort(newestFirst)
      .map((id) => ({ id, file: path.join(this.directory, `${id}.eml`) }));
  }

  private async summary(entry: Listed): Promise<OutboxEmailSummary> {
    const [stat, head] = await Promise.all([fs.stat(entry.file), readHead(entry.file)]);
    return summarise(entry, stat, readEmlHeaders(head));
  }
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function summarise(entry: Listed, stat: Stats, headers: EmlHeader[]): OutboxEmailSummary {
  const date = headerValue(headers, 'date');
  const parsed = date ? new Date(date) : null;
  return {
    id: entry.id,
    deliveryId: /^\d{1,18}$/.test(entry.id) ? entry.id : null,
    writtenAt: stat.mtime,
    bytes: stat.size,
    date: parsed && !Number.isNaN(parsed.getTime()) ? parsed : null,
    from: headerValue(headers, 'from') ?? null,
    to: headerValue(headers, 'to') ?? null,
    subject: headerValue(headers, 'subject') ?? null,
  };
}
