import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { domainErrorFromDatabase } from '../database/database-errors';
import { DomainError, HTTP_STATUS_BY_KIND } from '../errors/domain-error';
import { bodyParserRefusal } from './body-limits';
import { PageRenderer } from './page-renderer';

/** The single error shape of the API: `{"error":{"code","message","fields"?}}`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');
  private pages?: PageRenderer;

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof DomainError && exception.kind === 'rate_limited') {
      this.tooManyRequests(exception, host.switchToHttp().getRequest<Request>(), response);
      return;
    }
    const domainError = exception instanceof DomainError ? exception : this.fromDatabase(exception);
    if (domainError) {
      const { fields, ...rest } = domainError.details ?? {};
      response.status(HTTP_STATUS_BY_KIND[domainError.kind]).json({
        error: { code: domainError.code, message: domainError.message, ...(fields ? { fields } : {}), ...rest },
      });
      return;
    }
    const refusal = bodyParserRefusal(exception);
    if (refusal) {
      response.status(refusal.status).json({ error: { code: refusal.code, message: refusal.message } });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? exception.message);
      response.status(status).json({
        error: { code: `http.${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) },
      });
      return;
    }
    this.logger.error((exception as Error)?.message ?? String(exception), (exception as Error)?.stack);
    response.status(500).json({ error: { code: 'internal', message: 'internal error; see the server log' } });
  }

  /** A constraint the input broke: a 4xx, logged as a warning (validation should have refused it first). */
  private fromDatabase(exception: unknown): DomainError | undefined {
    const mapped = domainErrorFromDatabase(exception);
    if (mapped) this.logger.warn(`database refused the input: ${mapped.code}: ${mapped.message}`);
    return mapped;
  }

  /** 429 with Retry-After; a person's browser gets a page in French, anything else the JSON error. */
  private tooManyRequests(error: DomainError, request: Request, response: Response): void {
    const seconds = Number(error.details?.retry_after_seconds ?? 60);
    response.status(429).set('Retry-After', String(seconds));
    if (request.accepts(['json', 'html']) === 'html') {
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      this.pages ??= new PageRenderer();
      response.type('html').send(this.pages.render('too-many-requests', { minutes, plural: minutes > 1 }));
      return;
    }
    response.json({ error: { code: error.code, message: error.message, retry_after_seconds: seconds } });
  }
}
