import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { PageRenderer } from '../../core/http/page-renderer';
import { RateLimit } from '../../core/http/rate-limits';
import { TrackingEventsService, type TrackingRequest } from './tracking-events.service';

/** A transparent 1×1 GIF (43 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_STORE = 'no-store, no-cache, must-revalidate, private, max-age=0';

function describe(request: Request): TrackingRequest {
  return { userAgent: request.get('user-agent'), ip: request.ip, method: request.method };
}

/**
 * The public tracking endpoints: the open pixel `/t/o/<token>.gif` and the click redirect
 * `/t/c/<token>`. A token that is not genuine, or names a link that is not in the message's
 * template version, gets an error page and never a redirect.
 */
@ApiExcludeController()
@Public()
@RateLimit('tracking')
@Controller('t')
export class OpenClickController {
  constructor(
    private readonly events: TrackingEventsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('o/:file')
  async open(@Param('file') file: string, @Req() request: Request, @Res() response: Response) {
    // Webmails load the pixel from their own origin: it must not be refused as a cross-origin resource.
    response.set({
      'Cache-Control': NO_STORE,
      Pragma: 'no-cache',
      Expires: '0',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    const known = file.endsWith('.gif') && (await this.events.open(file.slice(0, -4), describe(request)));
    response
      .status(known ? 200 : 404)
      .type('image/gif')
      .send(PIXEL);
  }

  @Get('c/:token')
  async click(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    response.set({ 'Cache-Control': NO_STORE, 'Referrer-Policy': 'no-referrer' });
    const outcome = await this.events.click(token, describe(request));
    if (outcome.ok) {
      response.redirect(302, outcome.url);
      return;
    }
    response
      .status(outcome.reason === 'invalid_token' ? 400 : 404)
      .type('html')
      .send(this.pages.render('invalid-tracked-link', { reason: outcome.reason }));
  }
}
