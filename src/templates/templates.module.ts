import { Module } from '@nestjs/common';
import { CallListService } from './phone/call-list.service';
import { TemplateDataService } from './template-data.service';
import { TemplateLibrary } from './template-library';
import { TemplateLintService } from './template-lint.service';
import { TemplatePreviewService } from './template-preview.service';
import { TemplateRenderService } from './template-render.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Templates and merge: the library, stored versions, linting, previews, rendering for the campaign engine. */
@Module({
  controllers: [TemplatesController],
  providers: [TemplateLibrary, TemplateRenderService, TemplateLintService, TemplatesService, TemplateDataService, TemplatePreviewService, CallListService],
  exports: [TemplatesService, TemplateRenderService, TemplateDataService, TemplateLintService, CallListService, TemplateLibrary, TemplatePreviewService],
})
export class TemplatesModule {}
