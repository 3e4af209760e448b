import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OffsetPageQuery } from '../core/http/pagination';
import {
  CLOSING_CONDITIONS,
  COMPENSATION_KINDS,
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  COMPLAINT_TYPES,
} from './complaint-workflow';

export class AttachmentDto {
  @ApiProperty({ example: 'photo-canape.jpg' }) @IsString() @MinLength(1) @MaxLength(255) name!: string;
  @ApiPropertyOptional({ description: 'where the file is kept (relance stores references, not files)' })
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) content_type?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) size?: number;
}

/** The complaint request of docs/complaints.md ("Endpoints"), plus optional identity for a prospect and attachments. */
export class CreateComplaintDto {
  @ApiPropertyOptional({ description: 'the client; unknown → a prospect is created', example: 'C-1042' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  external_id?: string;
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) @IsIn(COMPLAINT_CHANNELS) channel!: string;
  @ApiPropertyOptional({ description: 'ISO-8601; default now' })
  @IsOptional()
  @IsDateString({ strict: true })
  received_at?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) subject!: string;
  @ApiProperty() @IsString() @MaxLength(20000) description!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() important?: boolean;
  @ApiPropertyOptional({ description: 'the delay the client asked for, in days' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  requested_delay_days?: number;
  @ApiPropertyOptional({ description: 'a retried request with the same key answers the same complaint' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  idempotency_key?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiPropertyOptional({ description: 'received by registered letter' })
  @IsOptional()
  @IsBoolean()
  registered_letter?: boolean;
  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class CompensationDto {
  @ApiProperty({ enum: COMPENSATION_KINDS }) @IsIn(COMPENSATION_KINDS) kind!: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100_000_000) amount!: number;
  @ApiPropertyOptional({ description: 'default RELANCE_DEFAULT_CURRENCY' })
  @IsOptional()
  @IsString()
  @MaxLength(3)
  currency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

class TimedDto {
  @ApiPropertyOptional({ description: 'when it happened, if not now (ISO-8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  at?: string;
}

export class QualifyComplaintDto extends TimedDto {
  @ApiPropertyOptional({ description: 'one of RELANCE_COMPLAINT_CAUSES' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cause?: string;
  @ApiPropertyOptional({ description: 'one of RELANCE_COMPLAINT_CATEGORIES' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) product?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) origin?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) region?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_TYPES }) @IsOptional() @IsIn(COMPLAINT_TYPES) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() important?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(365) requested_delay_days?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() registered_letter?: boolean;
}

export class AssignComplaintDto extends TimedDto {
  @ApiProperty({ description: 'the person in charge' }) @IsString() @MinLength(1) @MaxLength(200) owner!: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) owner_email?: string;
  @ApiPropertyOptional({ description: 'the entity the complaint is forwarded to' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  forwarded_to?: string;
  @ApiPropertyOptional({ description: 'who gets a copy' }) @IsOptional() @IsString() @MaxLength(500) copy_to?: string;
}

export class AnswerComplaintDto extends TimedDto {
  @ApiProperty({
    description: 'what the client complained about, restated',
    example: 'la livraison de votre canapé, arrivé avec deux semaines de retard',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  summary!: string;
  @ApiProperty({ description: 'what was done about it' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  corrective_measures!: string;
  @ApiPropertyOptional({
    description: 'the gesture as the letter states it',
    example: 'un avoir de 500 MAD valable sur tout le magasin',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  commercial_gesture?: string;
  @ApiPropertyOptional({ enum: ['email', 'letter'], description: 'default: e-mail when the client has an address' })
  @IsOptional()
  @IsIn(['email', 'letter'])
  channel?: string;
  @ApiPropertyOptional({ type: CompensationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompensationDto)
  compensation?: CompensationDto;
}

export class CloseComplaintDto extends TimedDto {
  @ApiProperty({ enum: CLOSING_CONDITIONS }) @IsIn(CLOSING_CONDITIONS) condition!: string;
  @ApiPropertyOptional({ description: 'required when unfounded' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  explanation?: string;
  @ApiPropertyOptional({ type: CompensationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompensationDto)
  compensation?: CompensationDto;
}

export class AddMessageDto {
  @ApiProperty({
    enum: ['inbound', 'note'],
    description: 'inbound: from the client (a call, a letter); note: internal',
  })
  @IsIn(['inbound', 'note'])
  direction!: string;
  @ApiPropertyOptional({ enum: COMPLAINT_CHANNELS }) @IsOptional() @IsIn(COMPLAINT_CHANNELS) channel?: string;
  @ApiProperty() @IsString() @MaxLength(20000) body!: string;
  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) at?: string;
}

export class FromSurveyDto {
  @ApiProperty({ description: 'the detractor whose latest survey answer becomes a complaint' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  external_id!: string;
}

export class ComplaintEmailDto {
  @ApiProperty() @IsEmail() @MaxLength(254) from!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiProperty() @IsString() @MaxLength(1000) subject!: string;
  @ApiProperty() @IsString() @MaxLength(100000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(998) message_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) received_at?: string;
  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export const COMPLAINT_PAGE = { defaultLimit: 100, maxLimit: 1000 };

/** `GET /api/v1/complaints`: filters, and a page by position (by due date). */
export class ListComplaintsQuery extends OffsetPageQuery(COMPLAINT_PAGE) {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only those past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) owner?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) external_id?: string;
}
