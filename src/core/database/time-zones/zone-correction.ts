import { nodeKnowsZone, nodeSteps, type Steps } from './node-time-zone';
import { parsePosixRule, posixTransitions } from './posix-time-zone';
import { parseTzif, writeTzif, type LocalTimeType, type ZoneData } from './tzif';

/**
 * The span of time whose offsets must agree with Node's. Earlier instants keep the file's data
 * (nothing relance computes is that old); later ones follow the file's footer rule when it
 * agrees with Node's last years, else the last offset.
 */
export const CHECKED_FROM = Date.UTC(1970, 0, 1) / 1000;
export const CHECKED_TO = Date.UTC(2101, 0, 1) / 1000;
const FOOTER_CHECK_SECONDS = 20 * 365 * 86_400;

export function offsetAt(steps: Steps, at: number): number {
  let offset = steps.initial;
  for (const change of steps.changes) {
    if (change.at > at) break;
    offset = change.offset;
  }
  return offset;
}

/** The first instant of [from, to) where the two disagree, or undefined when they agree throughout. */
export function firstDifference(a: Steps, b: Steps, from: number, to: number): number | undefined {
  const instants = [from, ...a.changes.map((change) => change.at), ...b.changes.map((change) => change.at)]
    .filter((at) => at >= from && at < to)
    .sort((x, y) => x - y);
  return instants.find((at) => offsetAt(a, at) !== offsetAt(b, at));
}

const yearOf = (at: number) => new Date(at * 1000).getUTCFullYear();

/** The offsets a zone file gives over [from, to); undefined when its footer is needed but unreadable. */
export function fileSteps(zone: ZoneData, from: number, to: number): Steps | undefined {
  const explicit = zone.transitions.map((transition) => ({
    at: transition.at,
    offset: zone.types[transition.type].offset,
  }));
  const steps: Steps = { initial: zone.types[0].offset, changes: explicit };
  const last = explicit.at(-1)?.at;
  if (zone.footer && (last === undefined || last < to)) {
    const rule = parsePosixRule(zone.footer);
    if (!rule) return undefined;
    const byRule = posixTransitions(
      rule,
      Math.min(last === undefined ? Infinity : yearOf(last), yearOf(from)) - 1,
      yearOf(to),
    );
    if (last === undefined) return within({ initial: rule.standardOffset, changes: byRule }, from, to);
    // After the last listed transition, the offset the rule gives at that instant, then its changes.
    const ruleAtLast = byRule.filter((change) => change.at <= last + 1).at(-1)?.offset ?? rule.standardOffset;
    steps.changes = [
      ...explicit,
      { at: last + 1, offset: ruleAtLast },
      ...byRule.filter((change) => change.at > last + 1),
    ];
  }
  return within(steps, from, to);
}

function within(steps: Steps, from: number, to: number): Steps {
  const changes: Steps['changes'] = [];
  let previous = offsetAt(steps, from);
  for (const change of steps.changes) {
    if (change.at <= from || change.at >= to || change.offset === previous) continue;
    changes.push(change);
    previous = change.offset;
  }
  return { initial: offsetAt(steps, from), changes };
}

function numericAbbreviation(offset: number): string {
  const absolute = Math.abs(offset);
  const parts = [Math.floor(absolute / 3600), Math.floor(absolute / 60) % 60, absolute % 60];
  const shown = parts[2] ? parts : parts[1] ? parts.slice(0, 2) : parts.slice(0, 1);
  return (offset < 0 ? '-' : '+') + shown.map((part) => String(part).padStart(2, '0')).join('');
}

/** The file's data before `from`, Node's from then on, and the footer when it agrees with Node's last years. */
function merge(zone: ZoneData, node: Steps, footerAgrees: boolean): ZoneData {
  const types: LocalTimeType[] = [...zone.types];
  // A type of the file with that offset, the most recently used first (keeps its name and DST flag).
  const typeFor = (offset: number) => {
    const used = [...zone.transitions].reverse().find((transition) => zone.types[transition.type].offset === offset);
    if (used) return used.type;
    const index = types.findIndex((type) => type.offset === offset);
    return index >= 0 ? index : types.push({ offset, isDst: false, abbreviation: numericAbbreviation(offset) }) - 1;
  };
  const transitions = zone.transitions.filter((transition) => transition.at < CHECKED_FROM);
  const before = transitions.length ? types[transitions.at(-1)!.type].offset : types[0].offset;
  if (before !== node.initial) transitions.push({ at: CHECKED_FROM, type: typeFor(node.initial) });
  for (const change of node.changes) transitions.push({ at: change.at, type: typeFor(change.offset) });
  return { types, transitions, footer: footerAgrees ? zone.footer : '' };
}

export interface ZoneCorrection {
  /** The corrected TZif file. */
  data: Buffer;
  /** The first instant where the file disagreed with Node. */
  differsFrom: Date;
}

/** A corrected file for `zone` when `file` disagrees with Node's data after 1970; undefined when it agrees (or Node does not know the zone). */
export function correctZone(zone: string, file: Uint8Array): ZoneCorrection | undefined {
  const parsed = parseTzif(file);
  if (!parsed || !nodeKnowsZone(zone)) return undefined;
  const node = nodeSteps(zone, CHECKED_FROM, CHECKED_TO);
  const fromFile = fileSteps(parsed, CHECKED_FROM, CHECKED_TO);
  const difference = fromFile ? firstDifference(fromFile, node, CHECKED_FROM, CHECKED_TO) : CHECKED_FROM;
  if (difference === undefined) return undefined;
  const footerFrom = CHECKED_TO - FOOTER_CHECK_SECONDS;
  const byFooter = parsed.footer
    ? fileSteps({ types: parsed.types, transitions: [], footer: parsed.footer }, footerFrom, CHECKED_TO)
    : undefined;
  const footerAgrees =
    byFooter !== undefined &&
    firstDifference(byFooter, within(node, footerFrom, CHECKED_TO), footerFrom, CHECKED_TO) === undefined;
  return { data: writeTzif(merge(parsed, node, footerAgrees)), differsFrom: new Date(difference * 1000) };
}
