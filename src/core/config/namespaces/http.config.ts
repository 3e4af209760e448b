import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, integerVariable, parseUrl, processConfigSource } from '../config-schema';
import { parseTrustProxy, type TrustProxy } from '../trust-proxy';

const port = integerVariable({ env: 'PORT', fallback: 3000, min: 1, max: 65535, description: 'HTTP port' });

export const httpNamespace = defineNamespace({
  name: 'http',
  title: 'HTTP server and public address',
  variables: {
    port,
    publicUrl: defineVariable({
      env: 'PUBLIC_URL',
      accepts: 'URL starting with `http://` or `https://`',
      description: 'base URL put in links inside messages',
      default: '`http://localhost:$PORT`',
      parse: (raw, source) => {
        const value = raw ?? `http://localhost:${port.read(source)}`;
        return parseUrl('PUBLIC_URL', value, ['http:', 'https:']).toString().replace(/\/$/, '');
      },
    }),
    trustProxy: defineVariable<TrustProxy>({
      env: 'RELANCE_TRUST_PROXY',
      accepts: 'number of hops (0–10), addresses and CIDR ranges separated by commas, or `false`',
      description:
        "the reverse proxies allowed to give the client's address (`X-Forwarded-For`), which rate limits and consent proofs use: a number of hops (`1` = the peer in front of relance), or addresses and CIDR ranges separated by commas (also `loopback`, `linklocal`, `uniquelocal`); `false` trusts none. Behind a proxy that is not trusted every client shares its address (logged once). See [rate limits](http-api.md#rate-limits)",
      default: '`loopback`',
      parse: (raw) => {
        const trustProxy = parseTrustProxy(raw);
        if (trustProxy !== false && typeof trustProxy === 'object' && 'problem' in trustProxy)
          throw new ConfigError('RELANCE_TRUST_PROXY', trustProxy.problem);
        return trustProxy;
      },
    }),
  },
});

export const httpConfig = registerAs(httpNamespace.name, () => httpNamespace.load(processConfigSource()));
export type HttpConfig = ConfigType<typeof httpConfig>;
