import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** One line per request: method, route pattern (not the raw URL: tokens live there), status, duration. */
@Injectable()
export class RequestLoggerMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route =
        (request.route as { path?: string } | undefined)?.path ?? request.path.replace(/\/[A-Za-z0-9_.~-]{16,}/g, '/…');
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.logger.log(`${request.method} ${request.baseUrl ?? ''}${route} ${response.statusCode} ${ms.toFixed(1)}ms`);
    });
    next();
  }
}
