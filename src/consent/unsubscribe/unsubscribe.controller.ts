import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { PageRenderer } from '../../core/http/page-renderer';
import { RateLimit } from '../../core/http/rate-limits';
import { CONTACT_CHANNELS, type ContactChannel } from '../consent.types';
import { UnsubscribeLinks, type UnsubscribeTarget } from './unsubscribe-links';
import { UnsubscribeService } from './unsubscribe.service';

const DATE_FORMAT = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/**
 * Public, no login: GET shows a page and never changes anything (link scanners follow GETs);
 * POST unsubscribes in one step (RFC 8058 one-click, or the page's button).
 */
@ApiExcludeController()
@Public()
@Controller('u')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly unsubscribes: UnsubscribeService,
    private readonly pages: PageRenderer,
  ) {}

  private async target(token: string, response: Response): Promise<UnsubscribeTarget | undefined> {
    const target = this.links.parse(token);
    if (target && (await this.unsubscribes.exists(target))) return target;
    response.status(404).type('html').send(this.pages.render('invalid-link', {}));
    return undefined;
  }

  @Get(':token')
  @RateLimit('page')
  @Header('Cache-Control', 'no-store')
  async page(@Param('token') token: string, @Res() response: Response) {
    const target = await this.target(token, response);
    if (!target) return;
    response.type('html').send(
      this.pages.render('unsubscribe', {
        actionUrl: `/u/${token}`,
        preferencesUrl: `/u/${token}/preferences`,
        states: await this.unsubscribes.channelStates(target),
      }),
    );
  }

  @Post(':token')
  @RateLimit('consent-address', 'consent-link')
  @HttpCode(200)
  async unsubscribe(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const target = await this.target(token, response);
    if (!target) return;
    const oneClick = body?.['List-Unsubscribe'] === 'One-Click';
    await this.unsubscribes.unsubscribe(target, { ip: request.ip, userAgent: request.get('user-agent') }, oneClick);
    if (oneClick) {
      response.type('text/plain').send('unsubscribed\n');
      return;
    }
    response
      .type('html')
      .send(this.pages.render('unsubscribed', { channelLabel: 'par e-mail', date: DATE_FORMAT.format(new Date()) }));
  }

  @Post(':token/preferences')
  @RateLimit('consent-address', 'consent-link')
  @HttpCode(200)
  async preferences(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const target = await this.target(token, response);
    if (!target) return;
    const chosen = new Set<ContactChannel>(CONTACT_CHANNELS.filter((channel) => body?.[channel] === 'on'));
    await this.unsubscribes.savePreferences(target, chosen, { ip: request.ip, userAgent: request.get('user-agent') });
    response.type('html').send(this.pages.render('preferences-saved', {}));
  }
}
