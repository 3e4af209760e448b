/**
 * Opens and clicks that no person made: mail-privacy proxies fetch every image at delivery
 * (Apple Mail Privacy Protection, Gmail's image proxy), security gateways follow every link.
 * They are recorded but flagged, so rates can be shown with and without them.
 */
const SCANNER_AGENTS = [
  /YahooMailProxy/i,
  /Microsoft Office\/\d+.*ms-office/i,
  /\bbot\b|crawler|spider|preview/i,
  /Barracuda/i,
  /Mimecast/i,
  /Proofpoint/i,
  /Safe ?Links/i,
  /urldefense/i,
  /Symantec/i,
  /Trend ?Micro/i,
  /curl\//i,
  /python-requests/i,
  /Go-http-client/i,
  /HeadlessChrome/i,
];

/**
 * Address ranges of the mail-privacy proxies, as observed and published by e-mail service
 * providers: Apple owns 17.0.0.0/8, from which Mail Privacy Protection prefetches images;
 * Gmail's image proxy (ggpht.com) fetches from 66.102.0.0/20 and 66.249.80.0/20.
 */
const PROXY_RANGES: Array<{ via: AutomatedVia; cidr: string }> = [
  { via: 'apple_privacy_proxy', cidr: '17.0.0.0/8' },
  { via: 'google_image_proxy', cidr: '66.102.0.0/20' },
  { via: 'google_image_proxy', cidr: '66.249.80.0/20' },
];

export type AutomatedVia =
  'apple_privacy_proxy' | 'google_image_proxy' | 'yahoo_image_proxy' | 'scanner' | 'no_user_agent' | 'too_fast';

export interface RequestClassification {
  automated: boolean;
  /** Why it was flagged. */
  via?: AutomatedVia;
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.replace(/^::ffff:/i, '').split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function inRange(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const address = ipv4ToNumber(ip);
  const network = ipv4ToNumber(base);
  if (address === undefined || network === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(network / size);
}

/** Classifies a pixel fetch or a link follow from its user agent, address and delay after sending. */
export function classifyRequest(
  userAgent: string | undefined,
  ip: string | undefined,
  secondsSinceSent: number | undefined,
): RequestClassification {
  if (!userAgent?.trim()) return { automated: true, via: 'no_user_agent' };
  if (/GoogleImageProxy|ggpht\.com/i.test(userAgent)) return { automated: true, via: 'google_image_proxy' };
  if (/YahooMailProxy/i.test(userAgent)) return { automated: true, via: 'yahoo_image_proxy' };
  // Apple's proxy announces itself as a bare "Mozilla/5.0" with nothing else.
  if (/^Mozilla\/5\.0$/.test(userAgent.trim())) return { automated: true, via: 'apple_privacy_proxy' };
  const range = ip ? PROXY_RANGES.find((candidate) => inRange(ip, candidate.cidr)) : undefined;
  if (range) return { automated: true, via: range.via };
  if (SCANNER_AGENTS.some((pattern) => pattern.test(userAgent))) return { automated: true, via: 'scanner' };
  // A scanner acts within seconds of delivery; a person rarely does.
  if (secondsSinceSent !== undefined && secondsSinceSent >= 0 && secondsSinceSent < 5)
    return { automated: true, via: 'too_fast' };
  return { automated: false };
}

export function isAutomatedRequest(
  userAgent: string | undefined,
  secondsSinceSent: number | undefined,
  ip?: string,
): boolean {
  return classifyRequest(userAgent, ip, secondsSinceSent).automated;
}
