import { CORE_NAMESPACE_FACTORIES, CORE_NAMESPACES } from './config-namespaces';
import { ConfigError } from './config-error';
import { loadConfig } from './relance-config';

const ENV = {
  PORT: '8080',
  RELANCE_DEFAULT_COUNTRY: 'MA',
  RELANCE_CAP_7_DAYS: '5',
  RELANCE_QUIET_HOURS: '10:00-19:00',
  RELANCE_SCHEDULER: 'off',
  SMS_SENDER: 'SHOP',
};

describe('configuration namespaces', () => {
  const saved = process.env;
  afterEach(() => {
    process.env = saved;
  });

  it('registers one Nest namespace per concern, under the name the page documents', () => {
    expect(CORE_NAMESPACE_FACTORIES.map((factory) => factory.KEY)).toEqual(
      CORE_NAMESPACES.map((namespace) => `CONFIGURATION(${namespace.name})`),
    );
  });

  it('gives each concern the values loadConfig puts together', () => {
    process.env = { ...ENV };
    const config = loadConfig(ENV, process.cwd());
    const [
      database,
      http,
      security,
      locale,
      logging,
      privacy,
      sender,
      mail,
      sms,
      dispatch,
      pressure,
      automations,
      responses,
    ] = CORE_NAMESPACE_FACTORIES.map((factory) => factory() as Record<string, unknown>);
    const flat = {
      ...database,
      ...http,
      ...security,
      ...locale,
      ...logging,
      ...privacy,
      ...sender,
      ...mail,
      ...sms,
      ...responses,
    };
    expect({ ...flat, delivery: { ...dispatch, ...pressure }, automations }).toEqual(config);
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'http://localhost:8080',
      defaultCurrency: 'MAD',
      consentPolicy: 'ma-cndp',
      sms: { sender: 'SHOP' },
    });
    expect(config.delivery).toMatchObject({ cap7Days: 5, quietHours: { start: '10:00', end: '19:00', sunday: false } });
    expect(sender).toEqual({ serviceSender: config.serviceSender });
  });

  it('fails a concern on its own bad variable with the same one line', () => {
    process.env = { RELANCE_QUIET_HOURS: '9h-20h' };
    const pressure = CORE_NAMESPACE_FACTORIES[CORE_NAMESPACES.findIndex((namespace) => namespace.name === 'pressure')];
    expect(() => pressure()).toThrow(ConfigError);
    expect(() => pressure()).toThrow(
      'invalid configuration: RELANCE_QUIET_HOURS must be the sending hours as HH:MM-HH:MM, start before end, such as 09:00-20:00 (got "9h-20h")',
    );
  });
});
