import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { toCsv } from '../../core/csv/csv-writer';
import { DomainError } from '../../core/errors/domain-error';
import { analyseColumns } from '../../imports/column-mapping';
import { previewCsv } from '../../imports/import-preview';
import { ImportRunsService, type ImportRun } from '../../imports/import-runs.service';
import { ImportService } from '../../imports/import.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { uploadErrorText, columnProblemText } from './import-labels';
import { runView } from './import-run-view';
import { receiveUpload } from './import-upload';
import { kindChoices, mappingFromForm, mappingView } from './import-view';

/**
 * Importer un fichier (/contacts/import): upload (streamed to disk), what relance read and the
 * mapping column by column, then the import itself — run by ImportRunsService outside the
 * request, its progress polled from PostgreSQL — and its summary with the rejected lines.
 * Marketers and admins only. Registered before the Contacts pages so `/contacts/import` is
 * never read as a contact's id.
 */
@ConsolePages()
@ConsoleRole('marketer')
@Controller('contacts/import')
export class ImportsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly imports: ImportService,
    private readonly runs: ImportRunsService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get()
  form(@Req() request: ConsoleRequest, @Res() response: Response) {
    this.showForm(request, response, 'contacts', null);
  }

  /** The file arrives streamed to `$RELANCE_HOME/uploads`; a refused one is removed at once and nothing is recorded. */
  @Post()
  async upload(@Req() request: ConsoleRequest, @Res() response: Response) {
    let stored: string | undefined;
    let kind = 'contacts';
    try {
      const upload = await receiveUpload(
        request,
        response,
        path.join(this.config.home, 'uploads'),
        this.config.importMaxBytes,
      );
      stored = upload.file;
      kind = upload.kind;
      await previewCsv(upload.file, upload.name, this.imports.spec(upload.kind));
      const run = await this.runs.create({
        kind: upload.kind,
        fileName: upload.name,
        storedFile: upload.file,
        bytes: upload.bytes,
      });
      response.redirect(303, `/contacts/import/${run.id}`);
    } catch (error) {
      if (stored) await fs.promises.rm(stored, { force: true });
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const status = error.code === 'imports.too_large' ? 413 : 400;
      this.showForm(request, response, kind, uploadErrorText(error.code, error.details), status);
    }
  }

  @Get(':id')
  async page(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const run = await this.runs.get(id);
    if (run.status === 'analysed') {
      await this.showMapping(run, new Map(), [], request, response);
      return;
    }
    const title = `Import de ${run.fileName}`;
    sendPage(response, this.renderer.render('import-run', title, runView(run), shell(request)));
  }

  /** Confirms the mapping and starts the import; a mapping with problems comes back with them (400), nothing imported. */
  @Post(':id')
  async start(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const run = await this.runs.get(id);
    if (run.status !== 'analysed') {
      response.redirect(303, `/contacts/import/${run.id}`);
      return;
    }
    const spec = this.imports.spec(run.kind);
    const preview = await previewCsv(this.storedFile(run), run.fileName, spec);
    const chosen = mappingFromForm(body ?? {}, preview.plans, spec);
    const problems = [
      ...chosen.problems,
      ...analyseColumns(preview.header, spec, chosen.overrides).problems.map(columnProblemText),
    ];
    if (problems.length) {
      await this.showMapping(run, chosen.overrides, chosen.problems, request, response, 400);
      return;
    }
    await this.runs.start(run.id, Object.fromEntries(chosen.overrides));
    response.redirect(303, `/contacts/import/${run.id}`);
  }

  /** The progress block alone, for htmx: it polls itself every second until the import is over. */
  @Get(':id/progression')
  async progress(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const run = await this.runs.get(id);
    sendPage(response, this.renderer.renderFragment('import-progress', runView(run), shell(request)));
  }

  /** Every rejected line (line, field, reason), as a CSV whose cells a spreadsheet cannot run as formulas. */
  @Get(':id/rejets.csv')
  async rejects(@Param('id') id: string, @Res() response: Response) {
    const run = await this.runs.get(id);
    if (run.status !== 'done' || !run.summary) throw DomainError.notFound('imports.not_done', 'import not finished');
    response
      .status(200)
      .attachment(`${path.parse(run.fileName).name}-rejets.csv`)
      .type('text/csv; charset=utf-8')
      .set('Cache-Control', 'no-store');
    const report = run.summary.errors_file;
    const reports = path.join(this.config.home, 'imports') + path.sep;
    if (report && report.startsWith(reports) && fs.existsSync(report)) {
      fs.createReadStream(report).pipe(response);
      return;
    }
    response.send(toCsv(run.summary.errors as unknown as Array<Record<string, unknown>>, ['line', 'field', 'reason']));
  }

  private storedFile(run: ImportRun): string {
    if (!fs.existsSync(run.storedFile))
      throw DomainError.notFound('imports.file_gone', `the file of import ${run.id} is no longer stored`);
    return run.storedFile;
  }

  private async showMapping(
    run: ImportRun,
    overrides: Map<string, string>,
    formProblems: string[],
    request: ConsoleRequest,
    response: Response,
    status = 200,
  ): Promise<void> {
    const spec = this.imports.spec(run.kind);
    const preview = await previewCsv(this.storedFile(run), run.fileName, spec, overrides);
    const view = mappingView(run, preview, spec);
    view.problems = [...formProblems, ...view.problems];
    const html = this.renderer.render('import-mapping', `Import de ${run.fileName}`, view, shell(request));
    sendPage(response, html, status);
  }

  private showForm(
    request: ConsoleRequest,
    response: Response,
    kind: string,
    error: string | null,
    status = 200,
  ): void {
    const view = { kinds: kindChoices(this.imports.kinds(), kind), maxBytes: this.config.importMaxBytes, error };
    sendPage(response, this.renderer.render('import', 'Importer un fichier', view, shell(request)), status);
  }
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
