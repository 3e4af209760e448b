import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { policyHeader, WRITTEN_EMAIL_POLICY } from '../../core/http/security-headers';
import { CallLists } from '../../deliveries/call-lists';
import { MessageCampaigns } from '../../deliveries/message-campaigns';
import { PrintBatchFolder } from '../../deliveries/senders/print-batch-folder';
import { ConsolePages } from '../shell/console-page.decorator';
import type { ConsoleRequest } from '../shell/console-request';
import { notFound, OutboxPages } from './outbox-pages';
import { emailPage, emailRows, offsetOf, OUTBOX_PAGE_SIZE, OUTBOX_PATH, smsRows } from './outbox-view';

/**
 * Boîte d'envoi (only when e-mails or SMS go to files): what relance wrote, read back through the
 * channels' readers. The overview, the e-mails (each in a sandboxed frame) and the SMS log here;
 * print batches and call lists in OutboxPrintController.
 */
@ConsolePages()
@Controller('boite-d-envoi')
export class OutboxController {
  constructor(
    private readonly pages: OutboxPages,
    private readonly batches: PrintBatchFolder,
    private readonly calls: CallLists,
    private readonly campaigns: MessageCampaigns,
  ) {}

  @Get()
  async overview(@Req() request: ConsoleRequest, @Res() response: Response) {
    this.pages.assertInUse();
    const emails = this.pages.files.emails();
    const sms = this.pages.files.sms();
    const batches = await this.batches.list();
    const lists = await this.calls.lists();
    let letters = 0;
    for (const batch of batches) letters += (await this.batches.manifest(batch, 0, 0)).letters;
    this.pages.show(request, response, 'outbox', "Boîte d'envoi", 'apercu', {
      emails: emails ? { total: (await emails.page(0, 0)).total } : null,
      sms: sms ? { total: (await sms.page(0, 0)).total } : null,
      letters: { batches: batches.length, letters },
      calls: { lists: lists.length, calls: lists.reduce((sum, list) => sum + list.calls, 0) },
    });
  }

  @Get('e-mails')
  async emails(@Query('page') query: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    const reader = this.emailReader();
    const page = this.pages.pageAsked(query, request, response);
    if (page === undefined) return;
    const { total, items } = await reader.page(offsetOf(page), OUTBOX_PAGE_SIZE);
    const pagination = this.pages.pages(page, total, `${OUTBOX_PATH}/e-mails`);
    const campaigns = await this.campaigns.ofDeliveries(items.map((item) => item.deliveryId));
    this.pages.show(request, response, 'outbox-emails', "E-mails écrits · Boîte d'envoi", 'e-mails', {
      pagination,
      rows: emailRows(items, campaigns),
    });
  }

  @Get('e-mails/:id')
  async email(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const email = await this.emailReader().open(id);
    if (!email) throw notFound();
    const campaign = email.deliveryId
      ? (await this.campaigns.ofDeliveries([email.deliveryId])).get(email.deliveryId)
      : undefined;
    const view = emailPage(email, campaign);
    this.pages.show(request, response, 'outbox-email', `${view.subject} · Boîte d'envoi`, 'e-mails', view);
  }

  /** The e-mail's HTML alone, for the sandboxed frame of its page: never run in relance's origin. */
  @Get('e-mails/:id/corps')
  async emailBody(@Param('id') id: string, @Res() response: Response) {
    const email = await this.emailReader().open(id);
    if (!email || email.html === null) throw notFound();
    response
      .status(200)
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', policyHeader(WRITTEN_EMAIL_POLICY))
      .set('X-Frame-Options', 'SAMEORIGIN')
      .set('Cache-Control', 'no-store')
      .send(email.html);
  }

  @Get('sms')
  async sms(@Query('page') query: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    this.pages.assertInUse();
    const reader = this.pages.files.sms();
    if (!reader) throw notFound();
    const page = this.pages.pageAsked(query, request, response);
    if (page === undefined) return;
    const { total, items } = await reader.page(offsetOf(page), OUTBOX_PAGE_SIZE);
    const pagination = this.pages.pages(page, total, `${OUTBOX_PATH}/sms`);
    const campaigns = await this.campaigns.ofDeliveries(items.map((sms) => sms.reference));
    this.pages.show(request, response, 'outbox-sms', "SMS écrits · Boîte d'envoi", 'sms', {
      pagination,
      rows: smsRows(items, campaigns),
    });
  }

  private emailReader() {
    this.pages.assertInUse();
    const reader = this.pages.files.emails();
    if (!reader) throw notFound();
    return reader;
  }
}
