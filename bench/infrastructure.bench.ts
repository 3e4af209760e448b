import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parse as csvParse, type Options as CsvParseOptions } from 'csv-parse';
import * as iconv from 'iconv-lite';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { SeenKeys } from '../src/core/collections/seen-keys';
import { openCsv } from '../src/core/csv/csv-reader';
import { decodeWindows1252, detectEncoding } from '../src/core/csv/encoding';
import { BufferPool, StagingBatch } from '../src/core/database/bulk-loader';
import { allocateMessage, recycleMessage } from '../src/core/memory/message-memory';
import { FastDataSmtpConnection } from '../src/core/smtp/fast-data-smtp-connection';
import { buildMimeMessage, createMimeLayout } from '../src/templates/email/mime-message';
import { encodeQuotedPrintableSegment } from '../src/templates/email/quoted-printable';
import { option } from './bench-database';
import { writeContactsFile } from './import.bench';
import { SinkProcess } from './support/sink-process';

/**
 * `npm run bench infrastructure`: each piece of home-made infrastructure beside the library (or
 * the plain code) it stands in for, in one run and one process, alternating rounds so a noisy
 * spell on the shared machine hits both sides: the CSV reader vs csv-parse, the Windows-1252
 * decoder vs iconv-lite and Node's TextDecoder, the message memory vs fresh allocation, the
 * import's COPY buffer pool vs a fresh buffer per batch, the seen-keys table vs Set/Map of
 * strings, the SMTP DATA fast path vs nodemailer's own stream.
 * Ratios are ours / theirs: above 1 for throughput means ours is faster; below 1 for memory,
 * that ours uses less. No database needed.
 */

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

interface Sample {
  seconds: number;
  /** Peak heapUsed above the starting point, sampled every 5 ms, in MB. */
  heapPeakMb: number;
  /** Peak external + array buffers above the starting point, in MB. */
  externalPeakMb: number;
  /** What the run still holds once it returned and garbage was collected (heapUsed + array buffers), in MB. */
  retainedMb?: number;
  rssPeakMb: number;
  gcCount: number;
  gcMs: number;
  cpuSeconds: number;
}

const mb = (bytes: number) => bytes / (1 << 20);

/** What a measured run returned, held while its retained memory is measured. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written only to keep the result reachable
let held: unknown;

/**
 * Runs `fn` after a full collection, sampling memory and counting garbage collections; with
 * `retained`, also what its result still holds once garbage is collected.
 */
async function measure<T>(fn: () => Promise<T> | T, retained = false): Promise<Sample> {
  collectGarbage();
  const start = process.memoryUsage();
  let heapPeak = start.heapUsed;
  let externalPeak = start.external + start.arrayBuffers;
  let rssPeak = start.rss;
  const sample = () => {
    const now = process.memoryUsage();
    heapPeak = Math.max(heapPeak, now.heapUsed);
    externalPeak = Math.max(externalPeak, now.external + now.arrayBuffers);
    rssPeak = Math.max(rssPeak, now.rss);
  };
  const timer = setInterval(sample, 5);
  let gcCount = 0;
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount++;
      gcMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  sample();
  clearInterval(timer);
  let retainedMb: number | undefined;
  if (retained) {
    held = result;
    collectGarbage();
    const now = process.memoryUsage();
    retainedMb = mb(now.heapUsed + now.arrayBuffers - start.heapUsed - start.arrayBuffers);
    held = undefined;
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // the observer's last entries
  observer.disconnect();
  return {
    seconds,
    heapPeakMb: mb(heapPeak - start.heapUsed),
    externalPeakMb: mb(externalPeak - start.external - start.arrayBuffers),
    retainedMb,
    rssPeakMb: mb(rssPeak - start.rss),
    gcCount,
    gcMs,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** The median of each figure over the rounds. */
function summarise(samples: Sample[]): Sample {
  const pick = (key: keyof Sample) => median(samples.map((s) => s[key] ?? 0));
  return {
    seconds: pick('seconds'),
    heapPeakMb: pick('heapPeakMb'),
    externalPeakMb: pick('externalPeakMb'),
    retainedMb: samples[0].retainedMb === undefined ? undefined : pick('retainedMb'),
    rssPeakMb: pick('rssPeakMb'),
    gcCount: pick('gcCount'),
    gcMs: pick('gcMs'),
    cpuSeconds: pick('cpuSeconds'),
  };
}

/** Runs the contenders in alternating rounds; returns the median sample of each. */
async function compare(
  rounds: number,
  contenders: Record<string, () => Promise<Sample>>,
): Promise<Record<string, Sample>> {
  const samples: Record<string, Sample[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(contenders)) (samples[name] ??= []).push(await run());
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarise(list)]));
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function figures(sample: Sample, units: number, unit: string): Record<string, number | undefined> {
  return {
    [`${unit}_per_second`]: Math.round(units / sample.seconds),
    seconds: round3(sample.seconds),
    cpu_seconds: round3(sample.cpuSeconds),
    heap_peak_mb: round3(sample.heapPeakMb),
    external_peak_mb: round3(sample.externalPeakMb),
    retained_mb: sample.retainedMb === undefined ? undefined : round3(sample.retainedMb),
    rss_growth_mb: round3(sample.rssPeakMb),
    gc_count: sample.gcCount,
    gc_ms: round3(sample.gcMs),
  };
}

/** Ours / theirs: throughput (above 1: ours faster) and the memory figures (below 1: ours smaller). */
function ratios(ours: Sample, theirs: Sample): Record<string, number | undefined> {
  const ratio = (a: number, b: number) => (b === 0 ? undefined : round3(a / b));
  return {
    throughput: ratio(theirs.seconds, ours.seconds),
    cpu: ratio(ours.cpuSeconds, theirs.cpuSeconds),
    heap_peak: ratio(ours.heapPeakMb, theirs.heapPeakMb),
    external_peak: ratio(ours.externalPeakMb, theirs.externalPeakMb),
    retained: ours.retainedMb === undefined ? undefined : ratio(ours.retainedMb, theirs.retainedMb!),
    gc_ms: ratio(ours.gcMs, theirs.gcMs),
  };
}

function log(text: string): void {
  process.stderr.write(`bench infrastructure: ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// CSV reader vs csv-parse

async function readWithOurs(file: string): Promise<number> {
  const csv = await openCsv(file);
  let records = 0;
  for await (const chunk of csv.chunks) records += chunk.records.length;
  return records;
}

/** csv-parse given what our reader does around it: the same encoding scan and decoding, the same read size. */
async function readWithCsvParse(file: string, options: CsvParseOptions = {}): Promise<number> {
  const { encoding } = await detectEncoding(file);
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  const decoded = Readable.from(
    (async function* () {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 14 }))
        yield decoder.decode(chunk as Buffer, { stream: true });
      const rest = decoder.decode();
      if (rest) yield rest;
    })(),
  );
  const parser = decoded.pipe(csvParse({ delimiter: ',', from_line: 2, ...options }));
  let records = 0;
  for await (const record of parser) if (record) records++;
  return records;
}

/** What each reader makes of a row with an unbalanced quote in the middle of a file. */
async function brokenRowBehaviour(directory: string): Promise<Record<string, string>> {
  const file = path.join(directory, 'broken.csv');
  fs.writeFileSync(file, 'id,name\n1,Alice\n2,"Bob\n3,Chloé\n4,David\n');
  const ours = await openCsv(file);
  const records: string[] = [];
  const problems: string[] = [];
  for await (const chunk of ours.chunks) {
    records.push(...chunk.records.map((r) => r.fields[0]));
    problems.push(...chunk.problems.map((p) => `line ${p.line}`));
  }
  const describe = async (options: CsvParseOptions) => {
    const rows: string[] = [];
    try {
      for await (const record of fs.createReadStream(file).pipe(csvParse({ from_line: 2, ...options })))
        rows.push(JSON.stringify(record));
      return `rows ${rows.join(' ')}`;
    } catch (error) {
      return `rows ${rows.join(' ')}, then ${(error as { code?: string }).code ?? (error as Error).message}`;
    }
  };
  return {
    ours: `rows ${records.join(', ')}; reported: ${problems.join(', ')}`,
    'csv-parse': await describe({}),
    'csv-parse relax_quotes+relax_column_count+skip_records_with_error': await describe({
      relax_quotes: true,
      relax_column_count: true,
      skip_records_with_error: true,
    }),
  };
}

async function csvSection(args: string[], directory: string, rounds: number) {
  const rows = option(args, 'csv-rows', 200_000);
  const file = path.join(directory, 'contacts.csv');
  log(`CSV: writing ${rows.toLocaleString('en')} rows…`);
  await writeContactsFile(file, rows);
  const bytes = fs.statSync(file).size;
  const expected = await readWithOurs(file);
  const theirs = await readWithCsvParse(file);
  if (theirs !== expected) throw new Error(`csv-parse read ${theirs} records, ours ${expected}`);
  log(`CSV: ${(bytes / 1e6).toFixed(0)} MB, ${rounds} alternating rounds…`);
  const result = await compare(rounds, {
    ours: () => measure(() => readWithOurs(file)),
    'csv-parse': () => measure(() => readWithCsvParse(file)),
  });
  return {
    rows,
    megabytes: round3(bytes / 1e6),
    ours: figures(result.ours, rows, 'rows'),
    'csv-parse': figures(result['csv-parse'], rows, 'rows'),
    ratio_ours_over_csv_parse: ratios(result.ours, result['csv-parse']),
    broken_row: await brokenRowBehaviour(directory),
  };
}

// ---------------------------------------------------------------------------------------------
// Windows-1252 decoding

function windows1252Sample(megabytes: number, text: string): Buffer[] {
  const block = iconv.encode(text.repeat(Math.ceil(16_384 / text.length)), 'win1252').subarray(0, 16_384);
  return Array.from({ length: Math.ceil((megabytes << 20) / block.length) }, () => Buffer.from(block));
}

/**
 * The bytes (of 256) a decoder maps to another character than ours (the WHATWG table). iconv-lite
 * maps the five bytes Windows-1252 leaves undefined to U+FFFD; some Node versions decode
 * 'windows-1252' as Latin-1 (nodejs/node#56542).
 */
function decodingDifferences(): { 'iconv-lite': string[]; TextDecoder: string[] } {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const ours = decodeWindows1252(all);
  const differences = (theirs: string) =>
    Array.from({ length: 256 }, (_, i) => i)
      .filter((i) => ours[i] !== theirs[i])
      .map((i) => `0x${i.toString(16)}→U+${theirs.charCodeAt(i).toString(16).padStart(4, '0')}`);
  const result = {
    'iconv-lite': differences(iconv.decode(all, 'win1252')),
    TextDecoder: differences(new TextDecoder('windows-1252').decode(all)),
  };
  return result;
}

async function windows1252Section(args: string[], rounds: number) {
  const differences = decodingDifferences();
  const megabytes = option(args, 'cp1252-mb', 64);
  const samples = {
    // Accents only: all in the range where Windows-1252 and Latin-1 agree.
    accents: windows1252Sample(
      megabytes,
      'C1024,Mme,Hélène,Lefèvre,helene@exemple.fr,12 rue de la République,75002,Paris,Île-de-France,FR\r\n',
    ),
    // The bytes where they differ, as Excel writes them: ’ € œ … –
    typographic: windows1252Sample(
      megabytes,
      'C1024,Mme,Zoé,Œuvre,zoe@exemple.fr,l’atelier – 12 € … cœur,75002,Paris,FR\r\n',
    ),
  };
  const out: Record<string, unknown> = {
    megabytes,
    bytes_decoded_differently: Object.fromEntries(
      Object.entries(differences).map(([name, list]) => [name, list.length ? `${list.length}: ${list.join(' ')}` : 0]),
    ),
  };
  for (const [name, chunks] of Object.entries(samples)) {
    const decoder = new TextDecoder('windows-1252');
    let sink = 0;
    const decodeAll = (decode: (chunk: Buffer) => string) => () => {
      for (const chunk of chunks) sink += decode(chunk).length;
    };
    const result = await compare(rounds, {
      ours: () => measure(decodeAll(decodeWindows1252)),
      'iconv-lite': () => measure(decodeAll((chunk) => iconv.decode(chunk, 'win1252'))),
      TextDecoder: () => measure(decodeAll((chunk) => decoder.decode(chunk))),
    });
    if (!sink) throw new Error('nothing decoded');
    out[name] = {
      ours: figures(result.ours, megabytes, 'mb'),
      'iconv-lite': figures(result['iconv-lite'], megabytes, 'mb'),
      TextDecoder: figures(result.TextDecoder, megabytes, 'mb'),
      ratio_ours_over_iconv_lite: ratios(result.ours, result['iconv-lite']),
      ratio_ours_over_text_decoder: ratios(result.ours, result.TextDecoder),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Message memory vs fresh allocation

/**
 * What the send loop does with message memory: a ~50 KB message written whole, kept while up to
 * `inFlight` others are being sent, then given back (or dropped), with the render's own garbage
 * (a per-recipient header string) beside it.
 */
function messageLoop(
  count: number,
  inFlight: number,
  allocate: (size: number) => Buffer,
  release: (message: Buffer) => void,
): () => number {
  const body = 'Bonjour Hélène, voici notre sélection pour vous. '
    .replace(/[^\x20-\x7e]/g, 'e')
    .repeat(1000)
    .slice(0, 48_000);
  return () => {
    const window: Buffer[] = [];
    let written = 0;
    for (let i = 0; i < count; i++) {
      const head = `From: bonjour@maison-atlas.fr\r\nTo: client${i}@exemple.fr\r\nMessage-ID: <d${i}.bench@maison-atlas.fr>\r\n\r\n`;
      const size = head.length + body.length - (i % 1500);
      const message = allocate(size);
      let offset = message.write(head, 0, 'latin1');
      offset += message.write(body, offset, size - offset, 'latin1');
      written += offset;
      window.push(message);
      if (window.length > inFlight) release(window.shift()!);
    }
    for (const message of window) release(message);
    return written;
  };
}

async function messageMemorySection(args: string[], rounds: number) {
  const count = option(args, 'messages', 100_000);
  const inFlight = 128;
  const result = await compare(rounds, {
    ours: () => measure(messageLoop(count, inFlight, allocateMessage, recycleMessage)),
    'Buffer.allocUnsafe': () =>
      measure(
        messageLoop(
          count,
          inFlight,
          (size) => Buffer.allocUnsafe(size),
          () => undefined,
        ),
      ),
    'Buffer.allocUnsafeSlow': () =>
      measure(
        messageLoop(
          count,
          inFlight,
          (size) => Buffer.allocUnsafeSlow(size),
          () => undefined,
        ),
      ),
  });
  return {
    messages: count,
    in_flight: inFlight,
    ours: figures(result.ours, count, 'messages'),
    'Buffer.allocUnsafe': figures(result['Buffer.allocUnsafe'], count, 'messages'),
    'Buffer.allocUnsafeSlow': figures(result['Buffer.allocUnsafeSlow'], count, 'messages'),
    ratio_ours_over_alloc_unsafe: ratios(result.ours, result['Buffer.allocUnsafe']),
    ratio_ours_over_alloc_unsafe_slow: ratios(result.ours, result['Buffer.allocUnsafeSlow']),
  };
}

// ---------------------------------------------------------------------------------------------
// COPY buffers: the import's BufferPool vs a fresh buffer per batch

/**
 * The import's staging without the database: the contacts file read by the CSV reader, each
 * record written as COPY text into batches of `batchSize`, each batch's buffer handed back (or
 * dropped) once "staged" — parsed rows and COPY buffers alive together, as in `importFile`.
 */
function copyBatches(file: string, batchSize: number, pool: BufferPool | undefined): () => Promise<number> {
  return async () => {
    let bytes = 0;
    let batch = new StagingBatch(true, pool);
    const csv = await openCsv(file);
    for await (const chunk of csv.chunks) {
      for (const record of chunk.records) {
        batch.add([...record.fields, record.line]);
        if (batch.size >= batchSize) {
          bytes += batch.text().length;
          batch.release();
          batch = new StagingBatch(true, pool);
        }
      }
    }
    return bytes + batch.text().length;
  };
}

async function copyBuffersSection(args: string[], directory: string, rounds: number) {
  const file = path.join(directory, 'contacts.csv');
  const rows = option(args, 'csv-rows', 200_000);
  if (!fs.existsSync(file)) await writeContactsFile(file, rows);
  const batchSize = 10_000; // RELANCE_IMPORT_BATCH_SIZE's default
  const result = await compare(rounds, {
    ours: () => measure(copyBatches(file, batchSize, new BufferPool())),
    'fresh buffers': () => measure(copyBatches(file, batchSize, undefined)),
  });
  return {
    rows,
    batch_size: batchSize,
    ours: figures(result.ours, rows, 'rows'),
    'fresh buffers': figures(result['fresh buffers'], rows, 'rows'),
    ratio_ours_over_fresh_buffers: ratios(result.ours, result['fresh buffers']),
  };
}

// ---------------------------------------------------------------------------------------------
// Seen keys vs Set / Map of strings

async function seenKeysSection(args: string[], rounds: number) {
  const count = option(args, 'keys', 1_000_000);
  // Keys as an import reads them: a fresh string per row, all different (duplicates are the exception).
  const keyOf = (i: number) => `C${(i * 7919) % count}-${i % 97 === 0 ? 'x' : 'client'}`;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- counted so each contender does the same work, never read
  let duplicates = 0;
  const result = await compare(rounds, {
    ours: () =>
      measure(() => {
        const seen = new SeenKeys();
        for (let i = 0; i < count; i++) if (seen.firstLineOf(keyOf(i), i + 2) !== undefined) duplicates++;
        return seen;
      }, true),
    'Map<string, number>': () =>
      measure(() => {
        const seen = new Map<string, number>();
        for (let i = 0; i < count; i++) {
          const key = keyOf(i);
          if (seen.has(key)) duplicates++;
          else seen.set(key, i + 2);
        }
        return seen;
      }, true),
    'Set<string>': () =>
      measure(() => {
        const seen = new Set<string>();
        for (let i = 0; i < count; i++) {
          const key = keyOf(i);
          if (seen.has(key)) duplicates++;
          else seen.add(key);
        }
        return seen;
      }, true),
  });
  return {
    keys: count,
    ours: figures(result.ours, count, 'keys'),
    'Map<string, number>': figures(result['Map<string, number>'], count, 'keys'),
    'Set<string>': figures(result['Set<string>'], count, 'keys'),
    ratio_ours_over_map: ratios(result.ours, result['Map<string, number>']),
    ratio_ours_over_set: ratios(result.ours, result['Set<string>']),
  };
}

// ---------------------------------------------------------------------------------------------
// SMTP DATA: the fast path vs nodemailer's own stream

function connect(Connection: typeof SMTPConnection, port: number): Promise<SMTPConnection> {
  return new Promise((resolve, reject) => {
    const connection = new Connection({ host: '127.0.0.1', port, secure: false });
    connection.once('error', reject);
    connection.connect(() => resolve(connection));
  });
}

async function sendOver(
  Connection: typeof SMTPConnection,
  port: number,
  messages: Buffer[],
  count: number,
  connections: number,
): Promise<void> {
  const sessions = await Promise.all(Array.from({ length: connections }, () => connect(Connection, port)));
  let next = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (next < count) {
        const index = next++;
        const message = messages[index % messages.length];
        await new Promise<void>((resolve, reject) =>
          session.send(
            { from: 'bonjour@maison-atlas.fr', to: [`client${index}@exemple.fr`], size: message.length },
            message,
            (error) => (error ? reject(error) : resolve()),
          ),
        );
      }
      session.quit();
    }),
  );
}

async function smtpSection(args: string[], rounds: number) {
  const count = option(args, 'smtp-messages', 5_000);
  const connections = 4;
  // Messages from relance's MIME builder (~50 KB, quoted-printable): what the fast path is for.
  const paragraph =
    'Une pièce choisie pour vous : tissée à la main, livrée chez vous sous huit jours. Prix membre : 12,90 €. ';
  const messages = Array.from({ length: 64 }, (_, i) => {
    const text = `Bonjour client ${i},\n` + paragraph.repeat(180);
    return buildMimeMessage(
      createMimeLayout(`bench-${i}`),
      {
        subject: 'Notre sélection',
        text: encodeQuotedPrintableSegment(text),
        html: encodeQuotedPrintableSegment(`<p>${text}</p>`),
      },
      { from: 'bonjour@maison-atlas.fr', to: `client${i}@exemple.fr`, messageId: `bench-${i}@maison-atlas.fr` },
    );
  });
  const sink = await SinkProcess.start();
  try {
    await sendOver(FastDataSmtpConnection, sink.port, messages, 200, connections); // warm-up
    await sendOver(SMTPConnection, sink.port, messages, 200, connections);
    const result = await compare(rounds, {
      ours: () => measure(() => sendOver(FastDataSmtpConnection, sink.port, messages, count, connections)),
      nodemailer: () => measure(() => sendOver(SMTPConnection, sink.port, messages, count, connections)),
    });
    return {
      messages: count,
      message_bytes: messages[0].length,
      connections,
      ours: figures(result.ours, count, 'messages'),
      nodemailer: figures(result.nodemailer, count, 'messages'),
      ratio_ours_over_nodemailer: ratios(result.ours, result.nodemailer),
      cpu_ms_per_message: {
        ours: round3((result.ours.cpuSeconds * 1000) / count),
        nodemailer: round3((result.nodemailer.cpuSeconds * 1000) / count),
      },
    };
  } finally {
    await sink.stop();
  }
}

// ---------------------------------------------------------------------------------------------

const SECTIONS = ['csv', 'cp1252', 'memory', 'copy', 'keys', 'smtp'] as const;

export async function run(args: string[]): Promise<number> {
  const rounds = option(args, 'rounds', 5);
  const only = args
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',') ?? [...SECTIONS];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-infrastructure-'));
  const result: Record<string, unknown> = { node: process.version, rounds };
  try {
    if (only.includes('csv')) result.csv_reader = await csvSection(args, directory, rounds);
    if (only.includes('cp1252')) {
      log('Windows-1252 decoding…');
      result.windows_1252 = await windows1252Section(args, rounds);
    }
    if (only.includes('memory')) {
      log('message memory…');
      result.message_memory = await messageMemorySection(args, rounds);
    }
    if (only.includes('copy')) {
      log('COPY buffers…');
      result.copy_buffers = await copyBuffersSection(args, directory, rounds);
    }
    if (only.includes('keys')) {
      log('seen keys…');
      result.seen_keys = await seenKeysSection(args, rounds);
    }
    if (only.includes('smtp')) {
      log('SMTP DATA on loopback…');
      result.smtp_data = await smtpSection(args, rounds);
    }
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
