import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsWholeNumberBetween, WholeNumberFromText } from '../core/http/pagination';
import { CHANNELS } from './source/template-definition';

/** A library path (`templates/email/birthday.mjml`) or a stored template's id. */
const TEMPLATE_REFERENCE = /^(templates\/(email|letters|sms|phone)\/[A-Za-z0-9][A-Za-z0-9_-]*\.(mjml|hbs)|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const REFERENCE_MESSAGE = 'template must be a library path such as templates/email/birthday.mjml or a stored template id';
/** A 1 MB template (in characters); the JSON body limit (BODY_LIMITS.json) leaves room for its escaping. */
const MAX_SOURCE = 1024 * 1024;

export class CreateTemplateDto {
  @ApiProperty({ example: 'Anniversaire 2027' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: string;
  @ApiProperty({ description: 'the template file: front matter then body (MJML for e-mails)' }) @IsString() @MaxLength(MAX_SOURCE) source!: string;
}

export class UpdateTemplateDto {
  @ApiProperty() @IsString() @MaxLength(MAX_SOURCE) source!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
}

export class LintTemplateDto {
  @ApiPropertyOptional({ example: 'templates/letters/winback.hbs' }) @IsOptional() @Matches(TEMPLATE_REFERENCE, { message: REFERENCE_MESSAGE }) template?: string;
  @ApiPropertyOptional({ description: 'or a source to lint without saving it' }) @IsOptional() @IsString() @MaxLength(MAX_SOURCE) source?: string;
  @ApiPropertyOptional({ enum: CHANNELS, description: 'with source' }) @IsOptional() @IsIn(CHANNELS) channel?: string;
}

export class SenderDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) postal_address?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) place?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) signatory_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) signatory_title?: string;
  @ApiPropertyOptional({ example: 'MA' }) @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) website?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) sms_stop_number?: string;
  @ApiPropertyOptional({ description: 'image in $RELANCE_HOME/assets/ or templates/assets/' }) @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*\.(png|jpe?g)$/i) logo?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*\.(png|jpe?g)$/i) signature?: string;
}

export class PreviewTemplateDto {
  @ApiProperty({ example: 'templates/email/birthday.mjml' }) @Matches(TEMPLATE_REFERENCE, { message: REFERENCE_MESSAGE }) template!: string;
  @ApiPropertyOptional({ description: 'external_id of a contact; sample data without it' }) @IsOptional() @IsString() @MaxLength(100) contact?: string;
  @ApiPropertyOptional({ type: SenderDto }) @IsOptional() @ValidateNested() @Type(() => SenderDto) sender?: SenderDto;
  @ApiPropertyOptional({ description: 'campaign data for the template (campaign.data.*)', type: 'object', additionalProperties: true }) @IsOptional() @IsObject() data?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'price of one SMS segment, for the cost shown with SMS previews' }) @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(100) sms_price?: number;
  @ApiPropertyOptional({ enum: ['MAD', 'EUR'], description: 'currency of sms_price' }) @IsOptional() @IsIn(['MAD', 'EUR']) currency?: string;
  @ApiPropertyOptional({ enum: ['json', 'pdf', 'html', 'text'], default: 'json' }) @IsOptional() @IsIn(['json', 'pdf', 'html', 'text']) format?: string;
}

export class CallListDto {
  @ApiPropertyOptional({ example: 'templates/phone/winback.hbs', description: 'phone script rendered for each contact' })
  @IsOptional() @Matches(TEMPLATE_REFERENCE, { message: REFERENCE_MESSAGE }) template?: string;
  @ApiPropertyOptional({ description: 'the contacts to call; every contact with a phone number otherwise' })
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) external_ids?: string[];
  @ApiPropertyOptional({ type: 'integer', default: 10000, minimum: 1, maximum: 100000 }) @IsOptional() @WholeNumberFromText() @IsWholeNumberBetween(1, 100_000) limit?: number;
  @ApiPropertyOptional({ type: SenderDto }) @IsOptional() @ValidateNested() @Type(() => SenderDto) sender?: SenderDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() data?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: string;
}

/** `relance template print`: which contacts get a letter (no HTTP counterpart; the same checks as the call list). */
export class PrintBatchDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) external_ids?: string[];
  @IsOptional() @WholeNumberFromText() @IsWholeNumberBetween(1, 1_000_000) limit?: number;
}
