import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { KeysetPageQuery } from '../core/http/pagination';

const RULES_EXAMPLE = {
  all: [
    { field: 'region', op: 'eq', value: 'Casablanca-Settat' },
    { field: 'lifecycle', op: 'eq', value: 'retention' },
    { field: 'rfm.monetary', op: 'gte', value: 4 },
    { field: 'consent.email', op: 'eq', value: 'granted' },
  ],
};

/** Rules given inline, or a saved segment by id; `at` evaluates dates and windows as of another instant. */
export class SegmentQueryDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: RULES_EXAMPLE,
    description: 'rule set (docs/segments.md, "The rule language")',
  })
  @IsOptional()
  @IsObject()
  rules?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'a saved segment instead of inline rules' })
  @IsOptional()
  @IsUUID()
  segment_id?: string;

  @ApiPropertyOptional({ example: '2026-11-24T09:00:00Z', description: 'evaluate as of this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class SnapshotRequestDto extends SegmentQueryDto {
  @ApiPropertyOptional({ example: 'Relance fidélité novembre' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

export class CreateSegmentDto {
  @ApiProperty({ example: 'Fidèles e-mail Casablanca' }) @IsString() @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: RULES_EXAMPLE }) @IsObject() rules!: Record<
    string,
    unknown
  >;
}

export class UpdateSegmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() rules?: Record<
    string,
    unknown
  >;
}

export class RescoreRequestDto {
  @ApiPropertyOptional({
    example: '2026-11-24T02:40:00Z',
    description: 'compute the scores as of this instant (default: now)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export const SNAPSHOT_MEMBER_PAGE = { defaultLimit: 1000, maxLimit: 10_000 };

/** `GET /api/v1/segments/snapshots/:id/members?after=<contact_id>&limit=<n>`. */
export class SnapshotMembersQuery extends KeysetPageQuery(SNAPSHOT_MEMBER_PAGE) {}
