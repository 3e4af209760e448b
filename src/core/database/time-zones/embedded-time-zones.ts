import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { correctZone } from './zone-correction';

type Open = (path: string, ...rest: unknown[]) => unknown;

/** The part of Emscripten's file system used here (PGlite types `Module` with Emscripten's types, which are not installed). */
interface EmscriptenFs {
  open: Open;
  isFile(mode: number): boolean;
  stat(path: string): { mode: number };
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
}

const logger = new Logger('Database');

/**
 * PGlite's time-zone files stop in 2037 and some are wrong before that: Africa/Casablanca goes
 * to UTC+0 for good after September 2026 (Morocco is UTC+1 except during Ramadan), so every
 * `AT TIME ZONE` for Moroccan contacts was an hour off. PostgreSQL reads a zone's file the first
 * time a statement names the zone; at that moment the file is compared with Node's data (ICU,
 * which relance uses everywhere else) and, where they disagree, replaced by one built from
 * Node's, before PostgreSQL reads it. Every query — automations, sending hours, reports — then
 * sees the same local times as Node, at no cost to queries; the check costs a few tens of
 * milliseconds per zone used, once per process.
 */
export async function correctEmbeddedTimeZones(db: PGlite): Promise<void> {
  const rows = await db.query<{ setting: string }>(`SELECT setting FROM pg_config WHERE name = 'SHAREDIR'`);
  const folder = `${rows.rows[0].setting}/timezone/`;
  const fs = (db as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
  const checked = new Set<string>();
  const open = fs.open;
  fs.open = function openZoneChecked(this: unknown, path: string, ...rest: unknown[]) {
    if (typeof path === 'string' && path.startsWith(folder) && !checked.has(path)) {
      checked.add(path);
      checkZoneFile(fs, path, path.slice(folder.length));
    }
    return open.call(this, path, ...rest);
  };
}

function checkZoneFile(fs: EmscriptenFs, path: string, zone: string): void {
  try {
    if (!fs.isFile(fs.stat(path).mode)) return;
    const correction = correctZone(zone, fs.readFile(path));
    if (!correction) return;
    fs.writeFile(path, correction.data);
    logger.log(
      `embedded PostgreSQL: time-zone data of ${zone} taken from Node's (PGlite's differs from ${correction.differsFrom.toISOString().slice(0, 10)})`,
    );
  } catch (error) {
    // PostgreSQL then reads PGlite's own file: the zone works, with PGlite's data.
    logger.warn(`embedded PostgreSQL: could not check the time-zone data of ${zone}: ${(error as Error).message}`);
  }
}
