import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { PageRenderer } from '../core/http/page-renderer';
import { RateLimiter } from '../core/http/rate-limiter';
import { SignupsService } from '../signups/signups.service';
import { SurveysService } from './surveys.service';
import { ResponsesService } from './responses.service';

/**
 * The public response page (`/r`): the code printed on a coupon or encoded in its QR code, the
 * NPS links of a survey e-mail. GET shows a form and never records anything (scanners follow
 * links); POST records. Whatever code is typed, the answer is the same "thank you", so guessing
 * codes teaches nothing; and each address is rate-limited.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class ResponsePagesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly surveys: SurveysService,
    private readonly pages: PageRenderer,
    private readonly limiter: RateLimiter,
    private readonly signups: SignupsService,
  ) {}

  @Get()
  async page(@Query('c') code: string | undefined, @Query('score') score: string | undefined, @Res() response: Response) {
    response.set('Cache-Control', 'no-store');
    const delivery = code ? await this.responses.findDelivery({ code }) : undefined;
    if (delivery && (await this.signups.forDelivery(delivery.id))) {
      response.type('html').send(this.pages.render('signup-confirm', { code }));
      return;
    }
    const kind = code ? await this.surveys.kindOf(code) : undefined;
    if (kind === 'survey' || score !== undefined) {
      const chosen = Number(score);
      response.type('html').send(this.pages.render('survey', { code: code ?? '', scores: Array.from({ length: 11 }, (_, value) => ({ value, checked: value === chosen })) }));
      return;
    }
    response.type('html').send(this.pages.render('response-code', { code: code ?? '' }));
  }

  @Post()
  @HttpCode(200)
  async respond(@Body() body: Record<string, string>, @Req() request: Request, @Res() response: Response) {
    if (!this.limiter.allow(`r:${request.ip}`, 10, 10)) {
      response.status(429).set('Retry-After', '60').type('html').send(this.pages.render('response-thanks', {}));
      return;
    }
    const code = String(body?.c ?? '').slice(0, 40);
    if (body?.kind === 'confirm') {
      const delivery = await this.responses.findDelivery({ code });
      const outcome = delivery ? await this.signups.confirm(delivery.id, { ip: request.ip, userAgent: request.get('user-agent') }) : 'unknown';
      response.type('html').send(this.pages.render(outcome === 'unknown' ? 'response-thanks' : 'signup-done', { outcome }));
      return;
    }
    try {
      if (body?.kind === 'survey' || body?.score !== undefined) {
        const score = Number(body.score);
        const detractor = await this.surveys.answer(code, score, String(body.comment ?? '').slice(0, 4000), 'survey-page');
        response.type('html').send(this.pages.render('survey-thanks', { detractor }));
        return;
      }
      await this.responses.record({
        kind: 'coupon', code, source: 'coupon-page',
        value: ['interested', 'callback', 'documentation'].filter((option) => body?.[option] === 'on').join(',') || null,
        details: {
          choices: ['interested', 'callback', 'documentation'].filter((option) => body?.[option] === 'on'),
          opt_out: body?.opt_out === 'on',
          complaint: body?.complaint === 'on',
          message: String(body?.message ?? '').slice(0, 2000) || undefined,
        },
      });
    } catch (error) {
      // Unknown or mistyped code: same answer as a good one (no enumeration).
      if (!(error instanceof DomainError)) throw error;
    }
    response.type('html').send(this.pages.render('response-thanks', {}));
  }
}
