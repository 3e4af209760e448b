/**
 * Opens and clicks that no person made: mail-privacy proxies fetch every image at delivery
 * (Apple Mail Privacy Protection, Gmail's image proxy), security gateways follow every link.
 * They are recorded but flagged, so rates can be shown with and without them.
 */
const AUTOMATED_AGENTS = [
  /GoogleImageProxy/i, /YahooMailProxy/i, /Microsoft Office\/\d+.*ms-office/i, /\bbot\b|crawler|spider|preview/i,
  /Barracuda/i, /Mimecast/i, /Proofpoint/i, /Safe ?Links/i, /urldefense/i, /Symantec/i, /Trend ?Micro/i, /curl\//i, /python-requests/i, /Go-http-client/i, /HeadlessChrome/i,
];

export function isAutomatedRequest(userAgent: string | undefined, secondsSinceSent: number | undefined): boolean {
  if (!userAgent) return true;
  // Apple's proxy announces itself as a bare "Mozilla/5.0" with nothing else.
  if (/^Mozilla\/5\.0$/.test(userAgent.trim())) return true;
  if (AUTOMATED_AGENTS.some((pattern) => pattern.test(userAgent))) return true;
  // A scanner acts within seconds of delivery; a person rarely does.
  return secondsSinceSent !== undefined && secondsSinceSent >= 0 && secondsSinceSent < 5;
}
