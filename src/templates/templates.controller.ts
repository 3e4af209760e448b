import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { PREVIEW_POLICY, policyHeader } from '../core/http/security-headers';
import { CallListService } from './phone/call-list.service';
import { CallListDto, CreateTemplateDto, LintTemplateDto, PreviewTemplateDto, UpdateTemplateDto } from './template.dto';
import { templateToJson, versionToJson } from './template-json';
import { TemplateLibrary, checksumOf } from './template-library';
import { TemplateLintService } from './template-lint.service';
import { TemplatePreviewService } from './template-preview.service';
import { TemplatesService } from './templates.service';
import type { Channel } from './source/template-definition';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly library: TemplateLibrary,
    private readonly linter: TemplateLintService,
    private readonly previews: TemplatePreviewService,
    private readonly callLists: CallListService,
  ) {}

  @Get()
  @RequireRole('marketer')
  @ApiOperation({ summary: 'stored templates' })
  async list() {
    return { items: (await this.templates.list()).map((template) => templateToJson(template)) };
  }

  @Get('library')
  @RequireRole('marketer')
  @ApiOperation({ summary: 'the template library shipped in templates/' })
  libraryList() {
    return { items: this.library.list() };
  }

  @Post()
  @RequireRole('marketer')
  @ApiOperation({ summary: 'stores a template (version 1); the lint report comes back with it' })
  async create(@Body() body: CreateTemplateDto) {
    const { template, version } = await this.templates.create(body);
    return templateToJson(template, version);
  }

  @Post('lint')
  @HttpCode(200)
  @RequireRole('marketer')
  @ApiOperation({ summary: 'copy and compliance checks: errors block a launch, warnings are shown' })
  async lint(@Body() body: LintTemplateDto) {
    if (body.template && body.source) throw DomainError.invalid('validation.failed', 'give either template or source, not both');
    if (body.template) return (await this.linter.lint(await this.templates.resolve(body.template))).report;
    if (!body.source || !body.channel) throw DomainError.invalid('validation.failed', 'give template, or source with channel');
    const defaults = this.library.defaultsFor(body.channel as Channel);
    const outcome = await this.linter.lint({ reference: 'source', text: body.source, channel: body.channel as Channel, defaults, checksum: checksumOf(body.source, defaults) });
    return outcome.report;
  }

  @Post('preview')
  @HttpCode(200)
  @RequireRole('marketer')
  @ApiOperation({ summary: 'renders a template for a contact or sample data: JSON, or the PDF (letters), HTML or text (e-mails)' })
  async preview(@Body() body: PreviewTemplateDto, @Res({ passthrough: true }) response: Response) {
    const smsPrice = body.sms_price === undefined ? undefined : { perSegment: body.sms_price, currency: body.currency ?? 'MAD' };
    const { pdf, ...result } = await this.previews.preview({ template: body.template, contact: body.contact, sender: body.sender, data: body.data, smsPrice });
    if (body.format === 'pdf') {
      if (!pdf) throw DomainError.invalid('templates.wrong_format', `${body.template} is not a letter: no PDF`);
      return new StreamableFile(pdf, { type: 'application/pdf', disposition: 'inline; filename="preview.pdf"' });
    }
    if (body.format === 'html' || body.format === 'text') {
      const content = result[body.format];
      if (typeof content !== 'string') throw DomainError.invalid('templates.wrong_format', `${body.template} has no ${body.format} rendering`);
      response.type(body.format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
      // The marketer's HTML, opened from the API: sandboxed, never run in relance's origin.
      if (body.format === 'html') response.setHeader('Content-Security-Policy', policyHeader(PREVIEW_POLICY));
      return content;
    }
    return result;
  }

  @Post('call-list')
  @HttpCode(200)
  @RequireRole('marketer')
  @ApiOperation({ summary: 'who to call first (value tier) and when, with each contact\'s script; CSV with format=csv' })
  async callList(@Body() body: CallListDto, @Res({ passthrough: true }) response: Response) {
    const template = body.template ? await this.templates.resolve(body.template) : undefined;
    const rows = await this.callLists.build({ externalIds: body.external_ids, limit: body.limit, template, sender: body.sender, campaignData: body.data });
    if (body.format === 'csv') {
      response.type('text/csv; charset=utf-8');
      return this.callLists.toCsv(rows);
    }
    return { items: rows };
  }

  @Get(':id')
  @RequireRole('marketer')
  async get(@Param('id') id: string) {
    const template = await this.templates.get(id);
    return templateToJson(template, await this.templates.version(template.id, template.currentVersion));
  }

  @Put(':id')
  @RequireRole('marketer')
  @ApiOperation({ summary: 'a new version when the source changed' })
  async update(@Param('id') id: string, @Body() body: UpdateTemplateDto) {
    const { template, version, created } = await this.templates.update(id, body);
    return { ...templateToJson(template, version), created_version: created };
  }

  @Get(':id/versions')
  @RequireRole('marketer')
  async versions(@Param('id') id: string) {
    const template = await this.templates.get(id);
    return { items: (await this.templates.versions(template.id)).map((version) => versionToJson(version)) };
  }

  @Get(':id/versions/:version')
  @RequireRole('marketer')
  async version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    const template = await this.templates.get(id);
    return versionToJson(await this.templates.version(template.id, version), true);
  }
}
