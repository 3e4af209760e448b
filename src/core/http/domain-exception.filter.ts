import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { domainErrorFromDatabase } from '../database/database-errors';
import { DomainError, HTTP_STATUS_BY_KIND } from '../errors/domain-error';

/** The single error shape of the API: `{"error":{"code","message","fields"?}}`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const domainError = exception instanceof DomainError ? exception : this.fromDatabase(exception);
    if (domainError) {
      const { fields, ...rest } = domainError.details ?? {};
      response.status(HTTP_STATUS_BY_KIND[domainError.kind]).json({
        error: { code: domainError.code, message: domainError.message, ...(fields ? { fields } : {}), ...rest },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({ error: { code: `http.${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) } });
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
}
