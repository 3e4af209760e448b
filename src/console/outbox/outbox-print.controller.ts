import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CallLists } from '../../deliveries/call-lists';
import { MessageCampaigns } from '../../deliveries/message-campaigns';
import { PrintBatchFolder } from '../../deliveries/senders/print-batch-folder';
import { ConsolePages } from '../shell/console-page.decorator';
import type { ConsoleRequest } from '../shell/console-request';
import { notFound, OutboxPages } from './outbox-pages';
import {
  batchRow,
  callEntryRows,
  callListHref,
  callListRows,
  manifestTable,
  offsetOf,
  OUTBOX_PAGE_SIZE,
  OUTBOX_PATH,
} from './outbox-view';

/**
 * Boîte d'envoi, continued: the letter print batches (each PDF opened as it is, its manifest as a
 * table) and the call lists the phone steps made.
 */
@ConsolePages()
@Controller('boite-d-envoi')
export class OutboxPrintController {
  constructor(
    private readonly pages: OutboxPages,
    private readonly batches: PrintBatchFolder,
    private readonly calls: CallLists,
    private readonly campaigns: MessageCampaigns,
  ) {}

  @Get('courriers')
  async letters(@Req() request: ConsoleRequest, @Res() response: Response) {
    this.pages.assertInUse();
    const batches = await this.batches.list();
    const campaigns = await this.campaigns.named(batches.map((batch) => batch.campaignId));
    const rows = [];
    for (const batch of batches)
      rows.push(batchRow(batch, await this.batches.manifest(batch, 0, 0), campaigns.get(batch.campaignId)));
    this.pages.show(request, response, 'outbox-letters', "Courriers · Boîte d'envoi", 'courriers', { rows });
  }

  @Get('courriers/:campaign/:run')
  async batch(
    @Param('campaign') campaignId: string,
    @Param('run') run: string,
    @Query('page') query: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const batch = await this.listedBatch(campaignId, run);
    const page = this.pages.pageAsked(query, request, response);
    if (page === undefined) return;
    const manifest = await this.batches.manifest(batch, offsetOf(page), OUTBOX_PAGE_SIZE);
    const campaign = (await this.campaigns.named([batch.campaignId])).get(batch.campaignId);
    const row = batchRow(batch, manifest, campaign);
    this.pages.show(request, response, 'outbox-letter-batch', "Lot d'impression · Boîte d'envoi", 'courriers', {
      batch: row,
      pagination: this.pages.pages(page, manifest.letters, row.href),
      manifest: manifestTable(manifest),
    });
  }

  /** The batch's PDF as relance wrote it, streamed, to open in the browser. */
  @Get('courriers/:campaign/:run/lettres.pdf')
  async pdf(@Param('campaign') campaignId: string, @Param('run') run: string, @Res() response: Response) {
    const batch = await this.listedBatch(campaignId, run);
    const file = fs.createReadStream(batch.pdf);
    await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
    response
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="lettres-${batch.run}.pdf"`)
      .set('Content-Length', String(batch.pdfBytes))
      .set('Cache-Control', 'no-store');
    await pipeline(file, response);
  }

  @Get('appels')
  async callLists(@Req() request: ConsoleRequest, @Res() response: Response) {
    this.pages.assertInUse();
    const rows = callListRows(await this.calls.lists());
    this.pages.show(request, response, 'outbox-calls', "Listes d'appels · Boîte d'envoi", 'appels', { rows });
  }

  @Get('appels/:step')
  async callList(
    @Param('step') stepId: string,
    @Query('page') query: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    this.pages.assertInUse();
    const list = await this.calls.list(stepId);
    if (!list) throw notFound();
    const page = this.pages.pageAsked(query, request, response);
    if (page === undefined) return;
    const pagination = this.pages.pages(page, list.calls, callListHref(list.stepId));
    const entries = await this.calls.entries(list.stepId, offsetOf(page), OUTBOX_PAGE_SIZE);
    this.pages.show(request, response, 'outbox-call-list', "Liste d'appels · Boîte d'envoi", 'appels', {
      list: callListRows([list])[0],
      pagination,
      rows: callEntryRows(entries, offsetOf(page)),
      back: `${OUTBOX_PATH}/appels`,
    });
  }

  private async listedBatch(campaignId: string, run: string) {
    this.pages.assertInUse();
    const batch = await this.batches.find(campaignId, run);
    if (!batch) throw notFound();
    return batch;
  }
}
