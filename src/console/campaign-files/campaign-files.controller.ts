import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { parseDeliveryFilter, type DeliveryListFilter } from '../../campaigns/delivery-list-filter';
import { DomainError } from '../../core/errors/domain-error';
import { CampaignSummaryService } from '../../reports/campaign-summary.service';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { deliveriesCsvHeader, deliveriesCsvLines } from './campaign-deliveries-csv';
import { deliveriesView, FILTER_PARAMETERS, filterRefusal, PAGE_SIZE } from './campaign-deliveries-view';

/** Rows per query while the CSV is written: the file streams, a million rows never sit in memory. */
const CSV_PAGE = 5000;

interface ListRequest {
  filter: DeliveryListFilter;
  after: string | undefined;
}

/** A refused parameter: its name in the address (`etat`, `etape`, `apres`) and what it was given. */
class RefusedParameter extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`invalid ${field}`);
  }
}

/** What the cursor of the service is called in the console's addresses. */
const AFTER = 'apres';

function readList(query: Record<string, unknown>): ListRequest {
  let filter: DeliveryListFilter;
  try {
    filter = parseDeliveryFilter(
      { state: query[FILTER_PARAMETERS.state], step: query[FILTER_PARAMETERS.step] },
      FILTER_PARAMETERS,
    );
  } catch (error) {
    const field = error instanceof DomainError ? error.details?.fields?.[0]?.field : undefined;
    if (!field) throw error;
    throw new RefusedParameter(field, query[field]);
  }
  const after = query[AFTER];
  if (after !== undefined && typeof after !== 'string') throw new RefusedParameter(AFTER, after);
  return { filter, after: after || undefined };
}

/**
 * A campaign's files in the console: its deliveries, page by page and filtered
 * (`/campagnes/:id/envois`), the same list as CSV (`envois.csv`), and the bilan de campagne as PDF
 * (`bilan.pdf`). Every signed-in user can read them. The list is CampaignsService's, the bilan
 * CampaignSummaryService's: the API and the CLI give the same.
 */
@ConsolePages()
@Controller('campagnes')
export class CampaignFilesController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly campaigns: CampaignsService,
    private readonly summaries: CampaignSummaryService,
  ) {}

  @Get(':id/envois')
  async deliveries(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    await this.refusing(request, response, async () => {
      const { filter, after } = readList(query);
      const campaign = await this.campaigns.get(id);
      const page = await this.listPage(id, { after, limit: PAGE_SIZE }, filter);
      const progress = (await this.campaigns.progress(id)) as Parameters<typeof deliveriesView>[0]['progress'];
      const audience = campaign.audience as { holdout?: number } | null;
      const view = deliveriesView({
        campaign: { id, name: String(campaign.name) },
        progress,
        holdout: audience?.holdout ?? 0,
        filter,
        page,
        after: after ?? null,
      });
      const title = `Envois · ${String(campaign.name)}`;
      sendPage(
        response,
        this.renderer.render('campaign-deliveries', title, view, {
          path: request.path,
          session: request.consoleSession,
        }),
      );
    });
  }

  @Get(':id/envois.csv')
  async deliveriesCsv(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    await this.refusing(request, response, async () => {
      const { filter } = readList(query);
      // The first page before the headers: an unknown campaign is a 404 page, not a broken file.
      let page = await this.campaigns.detailedDeliveryList(id, { limit: CSV_PAGE }, filter);
      response
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="envois-campagne-${id}.csv"`)
        .set('Cache-Control', 'no-store');
      response.write(deliveriesCsvHeader());
      try {
        for (;;) {
          if (page.rows.length) response.write(deliveriesCsvLines(page.rows));
          if (!page.next) break;
          page = await this.campaigns.detailedDeliveryList(id, { after: page.next, limit: CSV_PAGE }, filter);
        }
        response.end();
      } catch (error) {
        // Headers are gone: the file is cut short rather than completed with an error page.
        response.destroy(error as Error);
      }
    });
  }

  @Get(':id/bilan.pdf')
  async bilan(@Param('id') id: string, @Res() response: Response) {
    const pdf = await this.summaries.pdf(id);
    response
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="bilan-campagne-${id}.pdf"`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  }

  private listPage(id: string, page: { after?: string; limit: number }, filter: DeliveryListFilter) {
    return this.campaigns.detailedDeliveryList(id, page, filter).catch((error: unknown) => {
      // The service names its cursor `after`; the page's address calls it `apres`.
      if (error instanceof DomainError && error.details?.fields?.[0]?.field === 'after')
        throw new RefusedParameter(AFTER, page.after);
      throw error;
    });
  }

  /** Runs the page; a refused parameter is a 400 page naming it, anything else goes to the console's error pages. */
  private async refusing(request: ConsoleRequest, response: Response, page: () => Promise<void>): Promise<void> {
    try {
      await page();
    } catch (error) {
      if (!(error instanceof RefusedParameter)) throw error;
      const refusal = filterRefusal(error.field, error.value);
      sendPage(
        response,
        this.renderer.render('error', refusal.heading, refusal, {
          path: request.path,
          session: request.consoleSession,
        }),
        400,
      );
    }
  }
}
