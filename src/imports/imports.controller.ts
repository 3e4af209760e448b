import { Body, Controller, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import * as fs from 'node:fs';
import { RequireRole } from '../core/auth/auth.decorators';
import { DomainError } from '../core/errors/domain-error';
import { ImportService } from './import.service';

class ImportRequestDto {
  @ApiProperty({ enum: ['contacts', 'purchases', 'consents'] }) @IsString() kind!: string;
  @ApiPropertyOptional({ example: 'Code client=external_id,Remarque=-' }) @IsOptional() @IsString() map?: string;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  /** Multipart upload (`file`, `kind`, optional `map`); answers with the same summary as `relance import --json`. */
  @Post()
  @RequireRole('marketer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string' }, map: { type: 'string' } },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  async create(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: ImportRequestDto) {
    if (!file)
      throw DomainError.invalid('imports.no_file', 'no file uploaded: send it as the multipart field "file"', {
        fields: [{ field: 'file', reason: 'is required' }],
      });
    try {
      return await this.imports.importFile(body.kind, file.path, { map: body.map, displayName: file.originalname });
    } finally {
      fs.rm(file.path, { force: true }, () => undefined);
    }
  }
}
