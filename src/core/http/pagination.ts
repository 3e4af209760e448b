import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

/**
 * The query parameters of every list endpoint, checked before they reach SQL: `after` (keyset
 * pagination: the id of the last item of the previous page), `limit` (page size) and `offset`.
 * A bad value answers 400 naming the parameter; the CLI validates its options with the same classes.
 */

/** The largest value of a PostgreSQL bigint: ids are bigints, a cursor past it would fail the cast. */
const BIGINT_MAX = 9_223_372_036_854_775_807n;
export const MAX_OFFSET = 1_000_000_000;

export function isKeysetCursor(value: unknown): boolean {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX;
}

export function isWholeNumberBetween(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function got(value: unknown): string {
  return typeof value === 'string'
    ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
    : Array.isArray(value)
      ? 'several values'
      : String(value);
}

/** A query string's digits as a number; anything else is left as it is for the validator to name. */
export const WholeNumberFromText = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : value,
  );

export const IsKeysetCursor = () =>
  ValidateBy({
    name: 'isKeysetCursor',
    validator: {
      validate: isKeysetCursor,
      defaultMessage: (args) =>
        `must be the id of the last item of the previous page, a whole number from 0 to ${BIGINT_MAX} (got ${got(args?.value)})`,
    },
  });

export const IsWholeNumberBetween = (min: number, max: number) =>
  ValidateBy({
    name: 'isWholeNumberBetween',
    constraints: [min, max],
    validator: {
      validate: (value) => isWholeNumberBetween(value, min, max),
      defaultMessage: (args) => `must be a whole number from ${min} to ${max} (got ${got(args?.value)})`,
    },
  });

export interface PageSizes {
  /** Page size when `limit` is not given. */
  defaultLimit: number;
  maxLimit: number;
}

/** `?after=<id>&limit=<n>`: a query class for a list endpoint with keyset pagination. */
export function KeysetPageQuery({ defaultLimit, maxLimit }: PageSizes) {
  class KeysetPage {
    @ApiPropertyOptional({
      description: 'id of the last item of the previous page (keyset pagination); omit for the first page',
      example: '1042',
      pattern: '^[0-9]{1,19}$',
    })
    @IsOptional()
    @IsKeysetCursor()
    after?: string;

    @ApiPropertyOptional({
      description: `page size, 1 to ${maxLimit}`,
      type: 'integer',
      default: defaultLimit,
      minimum: 1,
      maximum: maxLimit,
    })
    @IsOptional()
    @WholeNumberFromText()
    @IsWholeNumberBetween(1, maxLimit)
    limit?: number;
  }
  return KeysetPage;
}

/** `?limit=<n>&offset=<n>`: a query class for a list endpoint paged by position. */
export function OffsetPageQuery({ defaultLimit, maxLimit }: PageSizes) {
  class OffsetPage {
    @ApiPropertyOptional({
      description: `page size, 1 to ${maxLimit}`,
      type: 'integer',
      default: defaultLimit,
      minimum: 1,
      maximum: maxLimit,
    })
    @IsOptional()
    @WholeNumberFromText()
    @IsWholeNumberBetween(1, maxLimit)
    limit?: number;

    @ApiPropertyOptional({ description: 'items to skip', type: 'integer', default: 0, minimum: 0, maximum: MAX_OFFSET })
    @IsOptional()
    @WholeNumberFromText()
    @IsWholeNumberBetween(0, MAX_OFFSET)
    offset?: number;
  }
  return OffsetPage;
}
