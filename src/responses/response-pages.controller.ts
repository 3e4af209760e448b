import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { PageRenderer } from '../core/http/page-renderer';
import { RateLimit } from '../core/http/rate-limits';
import { ResponseLinks } from '../core/security/response-links';
import { SignupsService } from '../signups/signups.service';
import { npsCategory, SurveysService } from './surveys.service';
import { ResponsesService } from './responses.service';

const COUPON_CHOICES = ['interested', 'callback', 'documentation'] as const;

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * The public response page (`/r`): the code printed on a coupon or encoded in its QR code, the
 * NPS links of a survey e-mail, the confirmation link of a sign-up. GET shows a form and never
 * records anything (scanners follow links); POST records. Nothing it answers tells whether a
 * code exists: a code without the proof relance puts in its own links (ResponseLinks) gets a
 * page chosen by the link alone, with no database lookup; a POST thanks every code alike; a
 * sign-up is confirmed only through a proven link. Every address is rate-limited as well.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class ResponsePagesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly surveys: SurveysService,
    private readonly pages: PageRenderer,
    private readonly signups: SignupsService,
    private readonly links: ResponseLinks,
  ) {}

  @Get()
  @RateLimit('page')
  async page(
    @Query('c') codeParam: unknown,
    @Query('s') proof: unknown,
    @Query('score') score: unknown,
    @Res() response: Response,
  ) {
    response.set('Cache-Control', 'no-store');
    const code = text(codeParam, 40);
    const proven = code !== '' && this.links.verify(code, proof);
    const kind = proven ? await this.kindOf(code) : undefined;
    if (kind === 'signup') {
      response.type('html').send(this.pages.render('signup-confirm', { code, proof }));
      return;
    }
    if (kind === 'survey' || score !== undefined) {
      const chosen = Number(score);
      response.type('html').send(
        this.pages.render('survey', {
          code,
          scores: Array.from({ length: 11 }, (_, value) => ({ value, checked: value === chosen })),
        }),
      );
      return;
    }
    response.type('html').send(this.pages.render('response-code', { code }));
  }

  @Post()
  @RateLimit('code')
  @HttpCode(200)
  async respond(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const code = text(body?.c, 40);
    if (body?.kind === 'confirm') {
      const outcome = await this.confirm(code, body.s, request);
      response
        .type('html')
        .send(this.pages.render(outcome === 'unknown' ? 'response-thanks' : 'signup-done', { outcome }));
      return;
    }
    if (body?.kind === 'survey' || body?.score !== undefined) {
      const score = /^(10|\d)$/.test(text(body.score, 2)) ? Number(body.score) : undefined;
      if (score !== undefined)
        await this.ignoringUnknownCodes(() =>
          this.surveys.answer(code, score, text(body.comment, 4000), 'survey-page'),
        );
      response.type('html').send(
        this.pages.render(score === undefined ? 'response-thanks' : 'survey-thanks', {
          detractor: score !== undefined && npsCategory(score) === 'detractor',
        }),
      );
      return;
    }
    const choices = COUPON_CHOICES.filter((option) => body?.[option] === 'on');
    await this.ignoringUnknownCodes(() =>
      this.responses.record({
        kind: 'coupon',
        code,
        source: 'coupon-page',
        value: choices.join(',') || null,
        details: {
          choices,
          opt_out: body?.opt_out === 'on',
          complaint: body?.complaint === 'on',
          message: text(body?.message, 2000) || undefined,
        },
      }),
    );
    response.type('html').send(this.pages.render('response-thanks', {}));
  }

  /** What a proven link leads to: a pending sign-up's confirmation, a survey, or a coupon. */
  private async kindOf(code: string): Promise<'signup' | 'survey' | 'coupon'> {
    const delivery = await this.responses.findDelivery({ code });
    if (delivery && (await this.signups.forDelivery(delivery.id))) return 'signup';
    return (await this.surveys.kindOf(code)) === 'survey' ? 'survey' : 'coupon';
  }

  private async confirm(code: string, proof: unknown, request: Request) {
    const delivery = this.links.verify(code, proof) ? await this.responses.findDelivery({ code }) : undefined;
    return delivery
      ? this.signups.confirm(delivery.id, { ip: request.ip, userAgent: request.get('user-agent') })
      : 'unknown';
  }

  /** Unknown or mistyped code: the same answer as a good one (no enumeration). */
  private async ignoringUnknownCodes(record: () => Promise<unknown>): Promise<void> {
    try {
      await record();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
}
