import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAllows } from '../../core/auth/api-key.service';
import { CouponsService } from '../../responses/coupons.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { COUPONS_PATH, couponView, tickedBoxes } from './coupon-view';

const STATUS = { malformed: 400, unknown: 404, not_a_letter: 422 } as const;

/**
 * Coupons: a pile of returned reply coupons typed (or scanned) one by one — the code shows whose
 * coupon it is with its boxes, the ticked ones are recorded once (CouponsService), then the next.
 */
@ConsolePages()
@Controller('coupons')
export class CouponsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly coupons: CouponsService,
  ) {}

  @Get()
  async page(
    @Query('code') code: unknown,
    @Query('fait') done: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const canRecord = roleAllows(request.consoleSession!.user.role, 'marketer');
    const notice = typeof done === 'string' && done ? await this.notice(done) : null;
    if (typeof code !== 'string' || !code.trim()) {
      this.send(request, response, { typed: '', problem: null, coupon: null, notice, canRecord });
      return;
    }
    const lookup = await this.coupons.lookup(code);
    const view = couponView(code.trim().slice(0, 60), lookup, canRecord);
    this.send(request, response, { ...view, notice: null, canRecord }, lookup.found ? 200 : STATUS[lookup.problem]);
  }

  @Post(':code')
  @ConsoleRole('marketer')
  async record(
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const lookup = await this.coupons.lookup(code);
    if (!lookup.found || lookup.recorded) {
      const view = couponView(code.slice(0, 60), lookup, true);
      this.send(
        request,
        response,
        { ...view, notice: null, canRecord: true },
        lookup.found ? 409 : STATUS[lookup.problem],
      );
      return;
    }
    const entry = tickedBoxes(body, lookup.options.length);
    const recorded = await this.coupons.record(lookup, { ...entry, recordedBy: request.consoleSession!.user.email });
    if (recorded.duplicate) {
      const view = couponView(code, await this.coupons.lookup(code), true);
      this.send(request, response, { ...view, notice: null, canRecord: true }, 409);
      return;
    }
    response.redirect(303, `${COUPONS_PATH}?fait=${encodeURIComponent(lookup.responseCode)}`);
  }

  /** The coupon just recorded, said back above the empty input (a reload records nothing). */
  private async notice(code: string) {
    const lookup = await this.coupons.lookup(code);
    if (!lookup.found || !lookup.recorded) return null;
    return {
      name: lookup.contact.name,
      campaign: lookup.campaign.name,
      ticked: lookup.recorded.ticked.length,
      optOut: lookup.recorded.optOut,
    };
  }

  private send(request: ConsoleRequest, response: Response, view: Record<string, unknown>, status = 200): void {
    const html = this.renderer.render('coupons', 'Coupons', view, {
      path: request.path,
      session: request.consoleSession,
    });
    sendPage(response, html, status);
  }
}
