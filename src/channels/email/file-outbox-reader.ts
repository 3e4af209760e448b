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
const STAT_BATCH = 256;

interface Listed {
  id: string;
  file: string;
  writtenAt: Date;
  bytes: number;
}

const collator = new Intl.Collator('en', { numeric: true });

export class FileOutboxReader {
  constructor(private readonly directory: string) {}

  /** A page of the e-mails, newest first, and how many there are. */
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
    if (entry.bytes > MAX_READ_BYTES) {
      const summary = await this.summary(entry);
      return {
        ...summary,
        headers: readEmlHeaders(await readHead(entry.file)),
        text: null,
        html: null,
        tooLarge: true,
      };
    }
    const email = readEml(await fs.readFile(entry.file));
    return { ...summarise(entry, email.headers), ...email, tooLarge: false };
  }

  /** The folder's `.eml` files (none when the folder does not exist yet), newest first. */
  private async listing(): Promise<Listed[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const candidates = names.filter((name) => name.endsWith('.eml') && EMAIL_ID.test(name.slice(0, -4)));
    const listed: Listed[] = [];
    for (let start = 0; start < candidates.length; start += STAT_BATCH) {
      const batch = candidates.slice(start, start + STAT_BATCH);
      const stats = await Promise.all(batch.map((name) => fs.stat(path.join(this.directory, name)).catch(() => null)));
      batch.forEach((name, index) => {
        const stat = stats[index];
        if (stat?.isFile())
          listed.push({
            id: name.slice(0, -4),
            file: path.join(this.directory, name),
            writtenAt: stat.mtime,
            bytes: stat.size,
          });
      });
    }
    return listed.sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime() || collator.compare(b.id, a.id));
  }

  private async summary(entry: Listed): Promise<OutboxEmailSummary> {
    return summarise(entry, readEmlHeaders(await readHead(entry.file)));
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

function summarise(entry: Listed, headers: EmlHeader[]): OutboxEmailSummary {
  const date = headerValue(headers, 'date');
  const parsed = date ? new Date(date) : null;
  return {
    id: entry.id,
    deliveryId: /^\d{1,18}$/.test(entry.id) ? entry.id : null,
    writtenAt: entry.writtenAt,
    bytes: entry.bytes,
    date: parsed && !Number.isNaN(parsed.getTime()) ? parsed : null,
    from: headerValue(headers, 'from') ?? null,
    to: headerValue(headers, 'to') ?? null,
    subject: headerValue(headers, 'subject') ?? null,
  };
}
