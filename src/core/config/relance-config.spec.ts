import { ConfigError, loadConfig } from './relance-config';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      home: '/srv/app/var',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      defaultCountry: 'FR',
      defaultCurrency: 'EUR',
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['SMTP_URL', 'http://relay'],
    ['SMS_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://x'],
    ['SECRET_KEY', 'short'],
    ['RELANCE_PREVIOUS_SECRET_KEYS', 'former-key-0123456789abcdef0123456789,short'],
    ['RELANCE_DEFAULT_COUNTRY', 'XX'],
    ['RELANCE_TIMEZONE', 'Mars/Olympus'],
    ['LOG_LEVEL', 'loud'],
    ['RELANCE_TRACKING', 'sometimes'],
  ])('fails fast on a bad %s, naming it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^invalid configuration: ${variable} `));
  });

  it('tracks opens and clicks only with consent unless told otherwise', () => {
    expect(loadConfig({}).tracking).toBe('consent');
    expect(loadConfig({ RELANCE_TRACKING: 'OFF' }).tracking).toBe('off');
    expect(loadConfig({ RELANCE_TRACKING: 'on' }).tracking).toBe('on');
  });

  it('uses Moroccan defaults for a Moroccan company', () => {
    expect(loadConfig({ RELANCE_DEFAULT_COUNTRY: 'ma' })).toMatchObject({
      defaultCountry: 'MA',
      defaultCurrency: 'MAD',
      defaultTimezone: 'Africa/Casablanca',
    });
  });
});
