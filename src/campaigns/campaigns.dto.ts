import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { DELIVERY_LIST_STATES } from './delivery-list-filter';

/**
 * `GET /api/v1/campaigns/:id/deliveries?after=<cursor>&limit=<n>&state=<state>&step=<n>&format=json|csv`.
 * `after` and `limit` are read by `parseDeliveryPage` (the cursor is a delivery id or
 * `holdout:<n>`), `state` and `step` by `parseDeliveryFilter`, which answer 400 naming them; this
 * class refuses unknown parameters and a bad `format`.
 */
export class DeliveryListQuery {
  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'default: JSON, or CSV when the Accept header asks for it',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: string;

  @ApiPropertyOptional({
    description:
      'the cursor of the next page, from the previous page\'s X-Next-After (or Link rel="next") header: a delivery id, or holdout:<n> once the list has reached the control group',
  })
  @IsOptional()
  @IsString()
  after?: string;

  @ApiPropertyOptional({ description: 'rows per page, 1 to 1,000,000 (default 100,000)' })
  @IsOptional()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({
    enum: DELIVERY_LIST_STATES,
    description: 'only the deliveries in this state; held_out: only the control group',
  })
  @IsOptional()
  @IsString()
  state?: string;

  @ApiPropertyOptional({ description: 'only the deliveries of this step (1, 2…)' })
  @IsOptional()
  @IsString()
  step?: string;
}
