import { FRANCE_CNIL, MOROCCO_CNDP } from '../../consent/consent-policy';
import { MASK, callingWindowText, configurationRows, consentPolicyView, type DeclaredVariable } from './settings-view';

const DECLARED: DeclaredVariable[] = [
  { env: 'DATABASE_URL', secret: true },
  { env: 'SMTP_URL', secret: false },
  { env: 'SMS_URL', secret: false },
  { env: 'SMS_AUTH_HEADER', secret: true },
  { env: 'PUBLIC_URL', secret: false },
  { env: 'SECRET_KEY', secret: true },
  { env: 'RELANCE_WEBHOOK_SECRET', secret: true },
  { env: 'RELANCE_DKIM_PRIVATE_KEY', secret: true },
  { env: 'RELANCE_DEFAULT_COUNTRY', secret: false },
  { env: 'LOG_LEVEL', secret: false },
  { env: 'SMS_SENDER', secret: false },
];

describe('Paramètres: configuration', () => {
  it('shows only the variables relance reads that are set, secrets masked', () => {
    const rows = configurationRows(
      {
        PATH: '/usr/bin',
        HOME: '/root',
        PUBLIC_URL: 'https://relance.example',
        SECRET_KEY: 'a'.repeat(40),
        RELANCE_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
        RELANCE_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
        SMS_AUTH_HEADER: 'Authorization: Bearer abc',
        RELANCE_DEFAULT_COUNTRY: 'MA',
        RELANCE_TEST_SERVER_URL: 'postgres://x',
        SMTP_URL: '',
        SMS_SENDER: 'ATLAS',
        RELANCE_SOME_FEATURE_TOKEN: 'undeclared-but-secret',
      },
      DECLARED,
    );
    expect(rows.map((row) => row.name)).toEqual([
      'PUBLIC_URL',
      'RELANCE_DEFAULT_COUNTRY',
      'RELANCE_DKIM_PRIVATE_KEY',
      'RELANCE_SOME_FEATURE_TOKEN',
      'RELANCE_WEBHOOK_SECRET',
      'SECRET_KEY',
      'SMS_AUTH_HEADER',
      'SMS_SENDER',
    ]);
    for (const name of [
      'SECRET_KEY',
      'RELANCE_WEBHOOK_SECRET',
      'RELANCE_DKIM_PRIVATE_KEY',
      'SMS_AUTH_HEADER',
      'RELANCE_SOME_FEATURE_TOKEN',
    ]) {
      expect(rows.find((row) => row.name === name)).toEqual({ name, value: MASK, masked: true });
    }
    expect(rows.find((row) => row.name === 'PUBLIC_URL')).toEqual({
      name: 'PUBLIC_URL',
      value: 'https://relance.example',
      masked: false,
    });
  });

  it('masks the password and query values of URLs', () => {
    const rows = configurationRows(
      {
        DATABASE_URL: 'postgres://relance:s3cret@db:5432/relance',
        SMS_URL: 'https://sms.example/send?api_key=XYZ&from=Shop',
        SMTP_URL: 'smtp://mail.example:25',
      },
      DECLARED,
    );
    const value = (name: string) => rows.find((row) => row.name === name)!.value;
    expect(value('DATABASE_URL')).toBe(`postgres://relance:${MASK}@db:5432/relance`);
    expect(value('SMS_URL')).not.toContain('XYZ');
    expect(value('SMTP_URL')).toBe('smtp://mail.example:25');
    expect(JSON.stringify(rows)).not.toMatch(/s3cret|XYZ/);
  });
});

describe('Paramètres: consent policy', () => {
  it('words calling windows in French', () => {
    expect(callingWindowText({ days: [1, 2, 3, 4, 5], from: '10:00', to: '13:00' })).toBe(
      'lundi au vendredi, 10:00–13:00',
    );
    expect(callingWindowText({ days: [6], from: '10:00', to: '12:00' })).toBe('samedi, 10:00–12:00');
    expect(callingWindowText({ days: [3, 1], from: '09:00', to: '12:00' })).toBe('lundi, mercredi, 09:00–12:00');
  });

  it('gives each channel its basis for persons and companies', () => {
    const france = consentPolicyView(FRANCE_CNIL);
    expect(france.channels).toContainEqual({ channel: 'phone', persons: 'opt_in', companies: 'opt_out' });
    expect(france.callingWindows).toEqual(['lundi au vendredi, 10:00–13:00', 'lundi au vendredi, 14:00–20:00']);
    expect(consentPolicyView(MOROCCO_CNDP).softOptInChannels).toEqual(['email']);
  });
});
