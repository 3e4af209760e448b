import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Public } from '../core/auth/auth.decorators';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { PageRenderer } from '../core/http/page-renderer';
import { RateLimit } from '../core/http/rate-limits';
import { TokenSigner } from '../core/security/token-signer';
import { formatDate } from '../templates/engine/french-format';
import { ComplaintIntakeService } from './complaint-intake.service';
import { checkFormToken, readComplaintForm, FORM_TOKEN_PURPOSE } from './complaint-form';

/**
 * The public complaint form (`/reclamation`, French, works without JavaScript). Anti-spam
 * without a third party: a hidden honeypot field, and a sealed token carrying the time the
 * form was shown — submitted too fast (under 3 s) or too late (over a day), or tampered, it is
 * not recorded; a bot is thanked all the same. Each address is rate-limited. The token's nonce
 * is the idempotency key: a form sent twice records one complaint.
 */
@ApiExcludeController()
@Public()
@Controller('reclamation')
export class ComplaintFormController {
  constructor(
    private readonly intake: ComplaintIntakeService,
    private readonly pages: PageRenderer,
    private readonly tokens: TokenSigner,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  private form(values: Record<string, string>, errors: string[] = []): string {
    return this.pages.render('complaint-form', {
      token: this.tokens.sign(FORM_TOKEN_PURPOSE, [Date.now(), randomBytes(9).toString('base64url')]),
      values,
      errors,
    });
  }

  @Get()
  @RateLimit('page')
  page(@Res() response: Response) {
    response
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(this.form(readComplaintForm({}).values));
  }

  @Post()
  @RateLimit('form')
  @HttpCode(200)
  async submit(@Body() body: Record<string, unknown>, @Res() response: Response) {
    response.set('Cache-Control', 'no-store');
    const form = readComplaintForm(body ?? {});
    const nonce = checkFormToken(this.tokens.verify(FORM_TOKEN_PURPOSE, form.token));
    if (form.honeypot || !nonce) {
      response.type('html').send(this.pages.render('complaint-received', {}));
      return;
    }
    if (form.errors.length) {
      response.status(400).type('html').send(this.form(form.values, form.errors));
      return;
    }
    try {
      const receipt = await this.intake.receive({ ...form.intake, idempotencyKey: `web:${nonce}`, actor: 'web-form' });
      response.type('html').send(
        this.pages.render('complaint-received', {
          reference: receipt.reference,
          answer_by: formatDate(new Date(receipt.due_at), 'long', {
            dateOnly: false,
            timeZone: this.config.defaultTimezone,
          }),
        }),
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      response
        .status(400)
        .type('html')
        .send(this.form(form.values, [error.message]));
    }
  }
}
