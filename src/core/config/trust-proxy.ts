import { isIP } from 'node:net';

/**
 * Which peers may tell relance the client's address (`X-Forwarded-For`), as Express's
 * `trust proxy` takes it: a number of proxy hops, or addresses, CIDR ranges and the names
 * `loopback`, `linklocal`, `uniquelocal`; `false` trusts no one.
 */
export type TrustProxy = number | false | string[];

const NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function validEntry(entry: string): boolean {
  if (NAMES.includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/** RELANCE_TRUST_PROXY: the setting, or the reason it is refused. */
export function parseTrustProxy(value: string | undefined): TrustProxy | { problem: string } {
  if (value === undefined) return ['loopback'];
  const lower = value.trim().toLowerCase();
  if (['false', 'off', 'no', 'none'].includes(lower)) return false;
  if (['true', 'on', 'yes', 'all'].includes(lower)) {
    return {
      problem:
        'cannot trust every peer (any client could then choose its own address): give the number of proxies in front of relance, or their addresses',
    };
  }
  if (/^\d+$/.test(lower)) {
    const hops = Number(lower);
    if (hops > 10) return { problem: `must be at most 10 proxy hops (got ${hops})` };
    return hops === 0 ? false : hops;
  }
  const entries = lower
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.filter((entry) => !validEntry(entry));
  if (!entries.length || wrong.length) {
    return {
      problem: `must be a number of proxy hops, or addresses and CIDR ranges separated by commas (also loopback, linklocal, uniquelocal); "${wrong[0] ?? value}" is neither`,
    };
  }
  return entries;
}
