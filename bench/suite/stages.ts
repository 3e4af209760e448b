import type { Reading } from './figures';

/* eslint-disable @typescript-eslint/no-explicit-any -- each benchmark's JSON output, read untyped here */
type Output = any;

/**
 * What `npm run bench` runs: each stage is one benchmark (`bench/<bench>.bench.ts`) at given sizes,
 * run `runs` times; `read` turns one run's JSON into readings (relance beside its peer when the
 * benchmark measures one in the same run). `--quick` keeps every stage compared with a peer, at
 * smaller sizes; the console pages, the fault and the automations benchmarks run in the full run only.
 */
export interface Stage {
  /** The name in the results and the table (e.g. `send 100k`). */
  name: string;
  bench: string;
  args: string[];
  runs: number;
  read(output: Output): Reading[];
  /** Growth series this stage belongs to, with its size (the chart in docs/performance.md). */
  growth?: { series: 'send' | 'segment'; size: number };
}

const perSecond = 'per second';

function readRender(o: Output): Reading[] {
  return [
    {
      measure: 'e-mails merged, MJML compiled once',
      unit: perSecond,
      better: 'higher',
      relance: o.email.compiled_once_per_second,
      peer: { name: 'MJML + Handlebars compiled per recipient', value: o.email.mjml_per_recipient_per_second },
    },
    {
      measure: 'MIME messages built',
      unit: perSecond,
      better: 'higher',
      relance: o.mime.messages_per_second,
      peer: { name: 'nodemailer composer', value: o.mime.nodemailer_composer_per_second },
    },
    {
      measure: 'letter pages (PDF)',
      unit: perSecond,
      better: 'higher',
      relance: o.letters.pages_per_second,
      peer: { name: 'pdfkit page by page, fonts per letter', value: o.letters.naive_pages_per_second },
    },
  ];
}

function readImport(o: Output): Reading[] {
  return [
    {
      measure: 'contacts imported',
      unit: 'rows per second',
      better: 'higher',
      relance: o.import.rows_per_second,
      peer: { name: 'raw COPY of the same rows', value: o.raw_copy.rows_per_second },
      target: '≥ 0.25 of COPY',
    },
    { measure: 'import peak RSS', unit: 'MB', better: 'lower', relance: o.import.peak_rss_mb, target: '< 300' },
  ];
}

function readSegment(o: Output): Reading[] {
  const compiled: number[] = o.count.runs_ms.compiled;
  const hand: number[] = o.count.runs_ms.hand_written;
  return [
    ...compiled.map((ms, i): Reading => ({
      measure: 'segment count',
      unit: 'ms',
      better: 'lower',
      relance: ms,
      peer: { name: 'hand-written SQL', value: hand[i] },
      target: '≤ 1.5× hand-written',
    })),
    { measure: 'audience snapshot', unit: 'ms', better: 'lower', relance: o.snapshot.median_ms, target: '< 2000' },
  ];
}

function readSend(o: Output): Reading[] {
  return [
    {
      measure: 'e-mails sent through the whole pipeline',
      unit: perSecond,
      better: 'higher',
      relance: o.relance.messages_per_second,
      peer: { name: 'raw nodemailer pool, pre-built messages', value: o.raw_nodemailer.messages_per_second },
      target: '≥ 0.85 of raw',
    },
    {
      measure: 'sending worker peak RSS',
      unit: 'MB',
      better: 'lower',
      relance: o.relance.worker_peak_rss_mb,
      target: '< 250',
    },
    { measure: 'print batch', unit: 'letters per second', better: 'higher', relance: o.letters.letters_per_second },
  ];
}

function readLetters(o: Output): Reading[] {
  if (o.skipped) return [];
  return (o.rounds as Array<{ relance: number; libreoffice: number }>).map((round) => ({
    measure: 'personalised letters to one PDF',
    unit: 'letters per second',
    better: 'higher',
    relance: round.relance,
    peer: { name: 'LibreOffice headless (merged document → PDF)', value: round.libreoffice },
    target: '≥ 10× LibreOffice',
  }));
}

function readConsole(o: Output): Reading[] {
  return Object.values(o.results as Record<string, Array<{ path: string; median: number }>>)
    .flat()
    .map((page) => ({
      // The campaign and automation ids change from run to run; the table keeps one row per page.
      measure: `page ${page.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')}`,
      unit: 'ms',
      better: 'lower' as const,
      relance: page.median,
    }));
}

function readFault(o: Output): Reading[] {
  return Object.entries(o as Record<string, Output>)
    .filter(([name]) => name !== 'failures')
    .map(([name, scenario]) => ({
      measure: `${name}: messages lost or sent twice`,
      unit: 'messages',
      better: 'lower' as const,
      relance: (scenario.duplicates ?? 0) + (o.failures?.length ?? 0),
      target: '0',
    }));
}

function readAutomations(o: Output): Reading[] {
  return [
    {
      measure: 'scheduler runs without a fault',
      unit: 'failures',
      better: 'lower',
      relance: (o.failures as unknown[]).length,
      target: '0',
    },
  ];
}

function readInfrastructure(o: Output): Reading[] {
  const section = (key: string, measure: string, peer: string, unit: string): Reading[] =>
    o[key]
      ? [
          {
            measure,
            unit: perSecond,
            better: 'higher',
            relance: Number(o[key].ours[`${unit}_per_second`]),
            peer: { name: peer, value: Number(o[key][peer][`${unit}_per_second`]) },
          },
        ]
      : [];
  return [
    ...section('csv_reader', 'CSV rows read', 'csv-parse', 'rows'),
    ...section('smtp_data', 'SMTP DATA on loopback', 'nodemailer', 'messages'),
  ].filter((r) => Number.isFinite(r.relance) && Number.isFinite(r.peer?.value));
}

function send(size: number, runs: number, letters = 2000): Stage {
  const label = size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`;
  return {
    name: `send ${label}`,
    bench: 'send',
    args: ['--recipients', String(size), '--letters', String(Math.min(size, letters))],
    runs,
    read: readSend,
    growth: { series: 'send', size },
  };
}

function segment(size: number, runs: number, innerRuns: number): Stage {
  const label = size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`;
  return {
    name: `segment ${label}`,
    bench: 'segment',
    args: ['--contacts', String(size), '--runs', String(innerRuns)],
    runs,
    read: readSegment,
    growth: { series: 'segment', size },
  };
}

export function plan(quick: boolean): Stage[] {
  if (quick)
    return [
      { name: 'render', bench: 'render', args: ['--seconds', '1', '--letters', '300'], runs: 3, read: readRender },
      { name: 'import', bench: 'import', args: ['--rows', '30000'], runs: 3, read: readImport },
      segment(100_000, 1, 5),
      send(10_000, 1, 200),
      { name: 'letters', bench: 'letters', args: ['--letters', '200', '--runs', '3'], runs: 1, read: readLetters },
      {
        name: 'infrastructure',
        bench: 'infrastructure',
        args: ['--only=csv,smtp', '--rounds', '3', '--csv-rows', '50000', '--smtp-messages', '1000'],
        runs: 1,
        read: readInfrastructure,
      },
    ];
  return [
    { name: 'render', bench: 'render', args: [], runs: 3, read: readRender },
    { name: 'import', bench: 'import', args: ['--rows', '1000000'], runs: 1, read: readImport },
    segment(100_000, 1, 7),
    segment(1_000_000, 1, 7),
    send(10_000, 1),
    send(100_000, 1),
    send(1_000_000, 1),
    { name: 'letters', bench: 'letters', args: ['--letters', '1000', '--runs', '3'], runs: 1, read: readLetters },
    { name: 'console', bench: 'console', args: ['--only', 'demo', '--runs', '9'], runs: 1, read: readConsole },
    { name: 'infrastructure', bench: 'infrastructure', args: ['--rounds', '3'], runs: 1, read: readInfrastructure },
    { name: 'fault', bench: 'fault', args: [], runs: 1, read: readFault },
    { name: 'automations', bench: 'automations', args: [], runs: 1, read: readAutomations },
  ];
}
