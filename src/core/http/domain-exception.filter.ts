import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_BY_KIND } from '../errors/domain-error';
import { bodyParserRefusal } from './body-limits';

/** The single error shape of the API: `{"error":{"code","message","fields"?}}`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof DomainError) {
      const { fields, ...rest } = exception.details ?? {};
      response.status(HTTP_STATUS_BY_KIND[exception.kind]).json({
        error: { code: exception.code, message: exception.message, ...(fields ? { fields } : {}), ...rest },
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
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({ error: { code: `http.${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) } });
      return;
    }
    this.logger.error((exception as Error)?.message ?? String(exception), (exception as Error)?.stack);
    response.status(500).json({ error: { code: 'internal', message: 'internal error; see the server log' } });
  }
}
