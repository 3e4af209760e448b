import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { KeysetPageQuery } from '../core/http/pagination';

/** Body of POST /api/v1/contacts: the CSV columns, snake_case, validated then normalised like an import row. */
export class UpsertContactDto {
  @ApiProperty({ example: 'C-000123' }) @IsString() @MaxLength(100) external_id!: string;
  @ApiPropertyOptional({ enum: ['person', 'company'] }) @IsOptional() @IsIn(['person', 'company']) type?: string;
  @ApiPropertyOptional({ example: 'Mme' }) @IsOptional() @IsString() civility?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() company_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() job_title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() address_line1?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() address_line2?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() postal_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() region?: string;
  @ApiPropertyOptional({ example: 'MA' }) @IsOptional() @IsString() country?: string;
  @ApiPropertyOptional({ example: '1985-04-12' }) @IsOptional() @IsString() birth_date?: string;
  @ApiPropertyOptional({ example: 'fr-MA' }) @IsOptional() @IsString() locale?: string;
  @ApiPropertyOptional({ example: 'Africa/Casablanca' }) @IsOptional() @IsString() timezone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() loyalty_card_expires_on?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() contract_renews_on?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() attributes?: Record<
    string,
    unknown
  >;
}

export const CONTACT_PAGE = { defaultLimit: 100, maxLimit: 1000 };

/** `GET /api/v1/contacts?after=<id>&limit=<n>`. */
export class ListContactsQuery extends KeysetPageQuery(CONTACT_PAGE) {}
