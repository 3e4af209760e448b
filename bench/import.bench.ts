import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { rawCsvLine as csvLine } from '../src/core/csv/csv-writer';
import { SeededRandom } from '../src/demo/random';
import { createBenchDatabase, option } from './bench-database';

const ROOT = path.join(__dirname, '..', '..');

/** Writes a realistic contacts file: every standard column, two custom attributes, French formats. */
export async function writeContactsFile(file: string, rows: number): Promise<void> {
  const random = new SeededRandom(7);
  const out = fs.createWriteStream(file);
  out.write(
    csvLine([
      'external_id',
      'type',
      'civility',
      'first_name',
      'last_name',
      'email',
      'phone',
      'address_line1',
      'postal_code',
      'city',
      'region',
      'country',
      'birth_date',
      'loyalty_card_expires_on',
      'Points fidélité',
      'Canal',
    ]),
  );
  const phones: string[] = [];
  while (phones.length < 1000) {
    const candidate = `06${random.int(10000000, 99999999)}`;
    if (isValidPhoneNumber(candidate, 'FR')) phones.push(`+33 ${candidate.slice(1)}`);
  }
  for (let i = 0; i < rows; i++) {
    const line = csvLine([
      `C${i}`,
      i % 9 === 0 ? 'company' : 'person',
      i % 2 ? 'Mme' : 'M.',
      random.pick(['Hélène', 'Jean', 'Fatima', 'Youssef', 'Zoé']),
      random.pick(['Lefèvre', 'Bennani', 'Dupont', 'El Idrissi']),
      `client${i}@exemple.fr`,
      phones[i % 1000],
      `${i % 200} rue de la République`,
      String(10000 + (i % 89999)),
      random.pick(['Paris', 'Lyon', 'Casablanca', 'Rabat']),
      'Île-de-France',
      i % 3 ? 'FR' : 'MA',
      `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/${1950 + (i % 50)}`,
      '2027-06-30',
      i % 500,
      random.pick(['magasin', 'web']),
    ]);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Runs `relance import` in its own process; returns its JSON summary and peak RSS. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON summary, read untyped like every bench output
function runImport(file: string, env: NodeJS.ProcessEnv): Promise<{ summary: any; seconds: number; maxRssMb: number }> {
  const script = `
    const { main } = require(${JSON.stringify(path.join(ROOT, 'dist/src/app/main.js'))});
    const started = process.hrtime.bigint();
    main(['node', 'relance', 'import', 'contacts', ${JSON.stringify(file)}, '--json']).then((code) => {
      process.stderr.write('\\nBENCH ' + JSON.stringify({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n');
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', () => {
      const marker = /BENCH (\{.*\})/.exec(stderr);
      if (!marker) return reject(new Error(`import failed:\n${stderr}`));
      const stats = JSON.parse(marker[1]);
      resolve({ summary: JSON.parse(stdout), seconds: stats.seconds, maxRssMb: stats.maxRssMb });
    });
  });
}

export async function run(args: string[]): Promise<number> {
  const rows = option(args, 'rows', 1_000_000);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-import-'));
  const file = path.join(workdir, 'contacts.csv');
  process.stderr.write(`bench import: writing ${rows.toLocaleString('en')} rows to ${file}…\n`);
  await writeContactsFile(file, rows);
  const database = await createBenchDatabase('import');
  try {
    const env = { ...process.env, DATABASE_URL: database.url, RELANCE_HOME: workdir, LOG_LEVEL: 'warn', CI: '1' };
    process.stderr.write(
      `bench import: importing through relance (${(fs.statSync(file).size / 1e6).toFixed(0)} MB, server ${database.server})…\n`,
    );
    const first = await runImport(file, env);
    process.stderr.write('bench import: importing the same file again…\n');
    const second = await runImport(file, env);

    // The raw baseline: COPY of the same (already normalised) rows into an identical table with the same indexes.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const dump = path.join(workdir, 'normalised.copy');
    await pipeline(client.query(copyTo('COPY (SELECT * FROM contacts) TO STDOUT')), fs.createWriteStream(dump));
    await client.query('CREATE TABLE contacts_raw (LIKE contacts INCLUDING ALL)');
    await client.query('ALTER TABLE contacts_raw ALTER COLUMN id DROP IDENTITY IF EXISTS');
    process.stderr.write('bench import: raw COPY of the same rows…\n');
    const copyStarted = process.hrtime.bigint();
    await pipeline(fs.createReadStream(dump), client.query(copyFrom('COPY contacts_raw FROM STDIN')));
    const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
    await client.end();

    const importRate = rows / first.seconds;
    const copyRate = rows / copySeconds;
    const result = {
      rows,
      server: database.server,
      import: {
        seconds: round(first.seconds),
        rows_per_second: Math.round(importRate),
        inserted: first.summary.inserted,
        rejected: first.summary.rejected,
        peak_rss_mb: Math.round(first.maxRssMb),
      },
      reimport: {
        seconds: round(second.seconds),
        rows_per_second: Math.round(rows / second.seconds),
        inserted: second.summary.inserted,
        updated: second.summary.updated,
        peak_rss_mb: Math.round(second.maxRssMb),
      },
      raw_copy: { seconds: round(copySeconds), rows_per_second: Math.round(copyRate) },
      import_vs_copy: round(importRate / copyRate),
      targets: { rows_per_second: '>= 50000', import_vs_copy: '>= 0.25', peak_rss_mb: '< 300' },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    const ok = importRate >= 50_000 && importRate / copyRate >= 0.25 && first.maxRssMb < 300;
    process.stderr.write(`bench import: ${ok ? 'targets met' : 'TARGETS MISSED'}\n`);
    return 0;
  } finally {
    await database.drop();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
