import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConsoleRoute } from '../../core/auth/auth.decorators';
import { ConsoleAuthGuard } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';

/**
 * A console controller: no API key (people sign in instead), the console's own guard (session,
 * role, CSRF) and error pages, out of the OpenAPI document.
 */
export const ConsolePages = () =>
  applyDecorators(
    ApiExcludeController(),
    ConsoleRoute(),
    UseGuards(ConsoleAuthGuard),
    UseFilters(ConsoleExceptionFilter),
  );

/** A console page as the answer: HTML, never cached (it shows a signed-in person's data). */
export function sendPage(response: Response, html: string, status = 200): void {
  response.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}
