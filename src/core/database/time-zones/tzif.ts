/**
 * Compiled time-zone files (TZif, RFC 8536), as PostgreSQL reads them from its `timezone/`
 * folder: local-time types, transitions between them and a footer rule (a POSIX TZ string) for
 * the instants after the last transition. Only the 64-bit (version 2+) data is read and written.
 */
export interface LocalTimeType {
  /** Seconds east of UTC. */
  offset: number;
  isDst: boolean;
  abbreviation: string;
}

export interface ZoneData {
  /** Type 0 is the local time before the first transition. */
  types: LocalTimeType[];
  /** Instants (seconds since the epoch, increasing) and the index of the type from then on. */
  transitions: Array<{ at: number; type: number }>;
  /** The POSIX TZ string for instants after the last transition ('' when there is none). */
  footer: string;
}

const HEADER_BYTES = 44;

interface Counts {
  isUt: number;
  isStd: number;
  leaps: number;
  times: number;
  types: number;
  chars: number;
}

function readCounts(view: DataView, at: number): Counts {
  const count = (index: number) => view.getUint32(at + 20 + index * 4);
  return { isUt: count(0), isStd: count(1), leaps: count(2), times: count(3), types: count(4), chars: count(5) };
}

function blockBytes(counts: Counts, timeBytes: 4 | 8): number {
  return (
    counts.times * (timeBytes + 1) +
    counts.types * 6 +
    counts.chars +
    counts.leaps * (timeBytes + 4) +
    counts.isStd +
    counts.isUt
  );
}

function readAbbreviation(bytes: Uint8Array, from: number, end: number): string {
  let to = from;
  while (to < end && bytes[to] !== 0) to++;
  return Buffer.from(bytes.subarray(from, to)).toString('latin1');
}

/** The 64-bit data of a TZif file of version 2 or later; undefined for anything else. */
export function parseTzif(bytes: Uint8Array): ZoneData | undefined {
  if (bytes.length < HEADER_BYTES || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'TZif' || bytes[4] < 0x32)
    return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const second = HEADER_BYTES + blockBytes(readCounts(view, 0), 4);
  if (bytes.length < second + HEADER_BYTES) return undefined;
  const counts = readCounts(view, second);
  let at = second + HEADER_BYTES;
  const footerAt = at + blockBytes(counts, 8);
  if (bytes.length < footerAt || counts.types === 0) return undefined;
  const times = Array.from({ length: counts.times }, (_, index) => Number(view.getBigInt64(at + index * 8)));
  at += counts.times * 8;
  const transitions = times.map((time, index) => ({ at: time, type: bytes[at + index] }));
  at += counts.times;
  const charsAt = at + counts.types * 6;
  const types = Array.from({ length: counts.types }, (_, index) => ({
    offset: view.getInt32(at + index * 6),
    isDst: bytes[at + index * 6 + 4] !== 0,
    abbreviation: readAbbreviation(bytes, charsAt + bytes[at + index * 6 + 5], charsAt + counts.chars),
  }));
  if (transitions.some((transition) => transition.type >= types.length)) return undefined;
  const tail = Buffer.from(bytes.subarray(footerAt)).toString('latin1');
  const footer = /^\n([^\n]*)\n/.exec(tail)?.[1] ?? '';
  return { types, transitions, footer };
}

function header(counts: Counts): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.write('TZif2', 0, 'latin1');
  [counts.isUt, counts.isStd, counts.leaps, counts.times, counts.types, counts.chars].forEach((count, index) =>
    bytes.writeUInt32BE(count, 20 + index * 4),
  );
  return bytes;
}

/**
 * A version 2 TZif file. Its 32-bit block is the minimal one RFC 8536 allows (one type, no
 * transition): PostgreSQL reads the 64-bit block that follows.
 */
export function writeTzif(zone: ZoneData): Buffer {
  const abbreviations: string[] = [];
  const designation = (abbreviation: string) => {
    let index = abbreviations.indexOf(abbreviation);
    if (index < 0) index = abbreviations.push(abbreviation) - 1;
    return abbreviations.slice(0, index).reduce((sum, text) => sum + text.length + 1, 0);
  };
  const typeIndexes = zone.types.map((type) => designation(type.abbreviation));
  const chars = Buffer.from(abbreviations.map((text) => text + '\0').join(''), 'latin1');
  const counts: Counts = {
    isUt: 0,
    isStd: 0,
    leaps: 0,
    times: zone.transitions.length,
    types: zone.types.length,
    chars: chars.length,
  };
  const times = Buffer.alloc(zone.transitions.length * 8);
  zone.transitions.forEach((transition, index) => times.writeBigInt64BE(BigInt(transition.at), index * 8));
  const types = Buffer.alloc(zone.types.length * 6);
  zone.types.forEach((type, index) => {
    types.writeInt32BE(type.offset, index * 6);
    types[index * 6 + 4] = type.isDst ? 1 : 0;
    types[index * 6 + 5] = typeIndexes[index];
  });
  const minimal = Buffer.alloc(7);
  return Buffer.concat([
    header({ isUt: 0, isStd: 0, leaps: 0, times: 0, types: 1, chars: 1 }),
    minimal,
    header(counts),
    times,
    Buffer.from(zone.transitions.map((transition) => transition.type)),
    types,
    chars,
    Buffer.from(`\n${zone.footer}\n`, 'latin1'),
  ]);
}
