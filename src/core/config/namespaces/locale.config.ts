import { registerAs, type ConfigType } from '@nestjs/config';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, processConfigSource } from '../config-schema';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The company's country; other namespaces take their defaults from it (currency, time zone, consent policy). */
export const countryVariable = defineVariable<CountryCode>({
  env: 'RELANCE_DEFAULT_COUNTRY',
  accepts: 'ISO 3166-1 alpha-2 country code',
  description:
    'country used to read national phone numbers and postal codes; also chooses the default currency, time zone and consent policy',
  default: '`FR`',
  parse: (raw) => {
    const country = (raw ?? 'FR').toUpperCase();
    if (!isSupportedCountry(country))
      throw new ConfigError('RELANCE_DEFAULT_COUNTRY', `must be an ISO 3166-1 alpha-2 country code (got "${country}")`);
    return country;
  },
});

export const localeNamespace = defineNamespace({
  name: 'locale',
  title: 'Country, currency and time zone',
  variables: {
    defaultCountry: countryVariable,
    defaultCurrency: defineVariable<'EUR' | 'MAD'>({
      env: 'RELANCE_DEFAULT_CURRENCY',
      accepts: '`EUR` or `MAD`',
      description: 'currency of purchases imported without one',
      default: '`MAD` when the country is `MA`, else `EUR`',
      parse: (raw, source) => {
        const currency = (raw ?? (countryVariable.read(source) === 'MA' ? 'MAD' : 'EUR')).toUpperCase();
        if (currency !== 'EUR' && currency !== 'MAD')
          throw new ConfigError('RELANCE_DEFAULT_CURRENCY', `must be EUR or MAD (got "${currency}")`);
        return currency;
      },
    }),
    defaultTimezone: defineVariable({
      env: 'RELANCE_TIMEZONE',
      accepts: 'IANA time zone, such as `Europe/Paris`',
      description: 'time zone for dates imported without an offset, and of contacts who have none of their own',
      default: '`Africa/Casablanca` when the country is `MA`, else `Europe/Paris`',
      parse: (raw, source) => {
        const zone = raw ?? (countryVariable.read(source) === 'MA' ? 'Africa/Casablanca' : 'Europe/Paris');
        if (!isValidTimeZone(zone))
          throw new ConfigError('RELANCE_TIMEZONE', `must be an IANA time zone such as Europe/Paris (got "${zone}")`);
        return zone;
      },
    }),
  },
});

export const localeConfig = registerAs(localeNamespace.name, () => localeNamespace.load(processConfigSource()));
export type LocaleConfig = ConfigType<typeof localeConfig>;
