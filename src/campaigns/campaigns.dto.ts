import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { KeysetPageQuery } from '../core/http/pagination';

export const DELIVERY_PAGE = { defaultLimit: 100_000, maxLimit: 1_000_000 };

/** `GET /api/v1/campaigns/:id/deliveries?after=<delivery_id>&limit=<n>&format=json|csv`. */
export class DeliveryListQuery extends KeysetPageQuery(DELIVERY_PAGE) {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'default: JSON, or CSV when the Accept header asks for it' })
  @IsOptional() @IsIn(['json', 'csv']) format?: string;
}
