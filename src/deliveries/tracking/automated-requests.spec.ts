import { classifyRequest, inRange, isAutomatedRequest } from './automated-requests';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

describe('isAutomatedRequest', () => {
  it.each([
    ['Mozilla/5.0 (via ggpht.com GoogleImageProxy)', 3600, true],
    ['Mozilla/5.0', 3600, true],
    [undefined, 3600, true],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 2, true],
    [IPHONE, 3600, false],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 600, false],
  ])('%s after %ss → %s', (agent, seconds, automated) => expect(isAutomatedRequest(agent, seconds)).toBe(automated));
});

describe('classifyRequest', () => {
  it('names the mail-privacy proxy by user agent or address range', () => {
    expect(classifyRequest('Mozilla/5.0', '203.0.113.9', 3600)).toEqual({
      automated: true,
      via: 'apple_privacy_proxy',
    });
    expect(classifyRequest(IPHONE, '17.58.101.4', 3600)).toEqual({ automated: true, via: 'apple_privacy_proxy' });
    expect(classifyRequest(IPHONE, '::ffff:66.249.84.21', 3600)).toEqual({
      automated: true,
      via: 'google_image_proxy',
    });
    expect(
      classifyRequest(
        'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
        '8.8.8.8',
        10,
      ),
    ).toEqual({ automated: true, via: 'google_image_proxy' });
    expect(classifyRequest('Mimecast URL scanner', '198.51.100.1', 3600)).toEqual({ automated: true, via: 'scanner' });
    expect(classifyRequest(IPHONE, '198.51.100.1', 3600)).toEqual({ automated: false });
  });

  it('matches IPv4 ranges exactly at their edges', () => {
    expect(inRange('66.249.80.0', '66.249.80.0/20')).toBe(true);
    expect(inRange('66.249.95.255', '66.249.80.0/20')).toBe(true);
    expect(inRange('66.249.96.0', '66.249.80.0/20')).toBe(false);
    expect(inRange('2001:db8::1', '17.0.0.0/8')).toBe(false);
  });
});
