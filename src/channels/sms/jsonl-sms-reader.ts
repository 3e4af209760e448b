import * as fs from 'node:fs';
import * as readline from 'node:readline';

/**
 * Reads back what JsonlSmsTransport appended: one SMS per line, newest (last) first, a page at a
 * time. The file is streamed twice (count, then the page's lines): memory stays flat whatever
 * its size. A line that is not the JSON the transport writes is shown as unreadable, not skipped.
 */
export interface LoggedSms {
  /** The line in the file (1 = the first SMS written). */
  line: number;
  at: Date | null;
  reference: string | null;
  to: string | null;
  sender: string | null;
  text: string | null;
  readable: boolean;
}

const NEWLINE = 0x0a;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** One line of the log, as the transport writes it (`{at, reference, to, sender, text}`). */
export function parseSmsLine(content: string, line: number): LoggedSms {
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const record = parsed as Record<string, unknown>;
      const at = text(record.at) ? new Date(record.at as string) : null;
      return {
        line,
        at: at && !Number.isNaN(at.getTime()) ? at : null,
        reference: text(record.reference),
        to: text(record.to),
        sender: text(record.sender),
        text: text(record.text),
        readable: true,
      };
    }
  } catch {
    // Shown as unreadable below.
  }
  return { line, at: null, reference: null, to: null, sender: null, text: null, readable: false };
}

export class JsonlSmsReader {
  constructor(private readonly file: string) {}

  async page(offset: number, limit: number): Promise<{ total: number; items: LoggedSms[] }> {
    const total = await this.countLines();
    // Newest first: the page's lines, counted from the end of the file.
    const last = total - offset;
    const first = Math.max(1, last - limit + 1);
    if (last < 1 || limit < 1) return { total, items: [] };
    const items: LoggedSms[] = [];
    let line = 0;
    const lines = readline.createInterface({ input: fs.createReadStream(this.file), crlfDelay: Infinity });
    for await (const content of lines) {
      line += 1;
      if (line < first) continue;
      items.push(parseSmsLine(content, line));
      if (line >= last) break;
    }
    lines.close();
    return { total, items: items.reverse() };
  }

  /** Lines in the file (a last line without its newline counts); 0 when there is no file yet. */
  private async countLines(): Promise<number> {
    let count = 0;
    let lastByte = NEWLINE;
    try {
      for await (const chunk of fs.createReadStream(this.file) as AsyncIterable<Buffer>) {
        for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, index + 1)) count += 1;
        if (chunk.length) lastByte = chunk[chunk.length - 1];
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    return lastByte === NEWLINE ? count : count + 1;
  }
}
