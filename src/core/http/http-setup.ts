import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelanceConfig } from '../config/relance-config';
import { applyBodyParsers } from './body-limits';
import { untrustedProxyWarning } from './client-address';
import { RequestLoggerMiddleware } from './request-logger.middleware';

/** Where the OpenAPI UI is mounted (and its JSON document, at `${API_DOCS_PATH}-json`). */
export const API_DOCS_PATH = 'api/docs';

/**
 * What every HTTP request goes through before a controller, in order: the client's address
 * (RELANCE_TRUST_PROXY), the request log, the body parsers under their limits. Call before the
 * routes are mounted (Swagger, Nest's init).
 */
export function configureHttp(app: NestExpressApplication, config: Pick<RelanceConfig, 'trustProxy' | 'publicUrl'>): void {
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(untrustedProxyWarning(config.trustProxy));
  const requestLogger = new RequestLoggerMiddleware();
  app.use(requestLogger.use.bind(requestLogger));
  applyBodyParsers(app);
}
