import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { ConsoleRenderer } from './console-renderer';
import { SignInRequired, type ConsoleRequest } from './console-request';

const HEADINGS: Record<number, { heading: string; message: string }> = {
  400: { heading: 'Requête incorrecte', message: 'La requête ne peut pas être traitée.' },
  403: {
    heading: 'Accès refusé',
    message:
      "Vous n'avez pas accès à cette page, ou la requête ne venait pas de la console (rechargez la page et réessayez).",
  },
  404: { heading: 'Page introuvable', message: "Cette page n'existe pas ou plus." },
  409: { heading: 'Action impossible', message: "L'action n'est pas possible dans l'état actuel." },
  429: { heading: 'Trop de requêtes', message: 'Réessayez dans quelques minutes.' },
  500: {
    heading: 'Erreur',
    message: "Une erreur inattendue s'est produite ; elle est consignée dans le journal du serveur.",
  },
};

/** Console pages answer in HTML, in French: a signed-out visitor goes to /connexion, a refusal is a page with its status. */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly renderer: ConsoleRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ConsoleRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof SignInRequired) {
      response.redirect(
        303,
        exception.next === '/' ? '/connexion' : `/connexion?suite=${encodeURIComponent(exception.next)}`,
      );
      return;
    }
    let status = 500;
    if (exception instanceof DomainError) status = HTTP_STATUS_BY_KIND[exception.kind];
    else if (exception instanceof HttpException) status = exception.getStatus();
    if (status >= 500)
      this.logger.error((exception as Error)?.message ?? String(exception), (exception as Error)?.stack);
    if (exception instanceof DomainError && exception.kind === 'rate_limited')
      response.set('Retry-After', String(retryAfterSeconds(exception.details)));
    const text = HEADINGS[status] ?? HEADINGS[status >= 500 ? 500 : 400];
    response
      .status(status)
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(this.renderer.render('error', text.heading, text, { path: request.path, session: request.consoleSession }));
  }
}

/** The wait a rate-limited refusal names, in whole seconds (a minute when it names none). */
function retryAfterSeconds(details: Record<string, unknown> | undefined): number {
  const seconds = details?.retry_after_seconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : 60;
}
