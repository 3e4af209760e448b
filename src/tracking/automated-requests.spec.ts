import { isAutomatedRequest } from './automated-requests';

describe('isAutomatedRequest', () => {
  it.each([
    ['Mozilla/5.0 (via ggpht.com GoogleImageProxy)', 3600, true],
    ['Mozilla/5.0', 3600, true],
    [undefined, 3600, true],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 2, true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 3600, false],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 600, false],
  ])('%s after %ss → %s', (agent, seconds, automated) => expect(isAutomatedRequest(agent as string | undefined, seconds as number)).toBe(automated));
});
