import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import type { RelanceConfig } from '../config/relance-config';
import { PACKAGE_ROOT } from '../package-root';
import { applyBodyParsers } from './body-limits';
import { untrustedProxyWarning } from './client-address';
import { RequestLoggerMiddleware } from './request-logger.middleware';
import { API_DOCS_POLICY, PUBLIC_ASSETS, contentSecurityPolicy, securityHeaders } from './security-headers';

/** Where the OpenAPI UI is mounted (and its JSON document, at `${API_DOCS_PATH}-json`). */
export const API_DOCS_PATH = 'api/docs';

/**
 * What every HTTP request goes through before a controller, in order: the client's address
 * (RELANCE_TRUST_PROXY), the security headers, the request log, the body parsers under their
 * limits, relance's static files. Call before the routes are mounted (Swagger, Nest's init).
 */
export function configureHttp(
  app: NestExpressApplication,
  config: Pick<RelanceConfig, 'trustProxy' | 'publicUrl'>,
): void {
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(untrustedProxyWarning(config.trustProxy));
  app.use(securityHeaders(config.publicUrl));
  app.use(`/${API_DOCS_PATH}`, contentSecurityPolicy(API_DOCS_POLICY));
  const requestLogger = new RequestLoggerMiddleware();
  app.use(requestLogger.use.bind(requestLogger));
  applyBodyParsers(app);
  app.useStaticAssets(path.join(PACKAGE_ROOT, ...PUBLIC_ASSETS.folder), {
    prefix: PUBLIC_ASSETS.prefix,
    index: false,
    maxAge: '1h',
  });
}
