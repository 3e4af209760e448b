import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../core/auth/api-key.guard';
import { RequireRole } from '../core/auth/auth.decorators';
import { ConsentApiService } from './consent-api.service';
import { ConsentService } from './consent.service';
import { AddSuppressionDto, ReachabilityQuery, RecordConsentDto } from './consent.dto';

@ApiTags('consent')
@ApiBearerAuth()
@Controller('api/v1')
export class ConsentController {
  constructor(
    private readonly api: ConsentApiService,
    private readonly consent: ConsentService,
  ) {}

  /** Appends one event to the ledger, with its proof. Nothing is ever overwritten. */
  @Post('consents')
  @RequireRole('marketer')
  record(@Body() body: RecordConsentDto, @Req() request: AuthenticatedRequest) {
    return this.api.record(body, `api-key:${request.principal?.keyId}`);
  }

  /** The ledger of one contact, the current state per channel and what the policy allows now. */
  @Get('contacts/:externalId/consents')
  @RequireRole('marketer')
  show(@Param('externalId') externalId: string, @Query() query: ReachabilityQuery) {
    return this.api.show(externalId, (query.purpose ?? 'marketing') as 'marketing' | 'service', {
      professional: query.professional === 'true',
      softOptIn: query.soft_opt_in === 'true',
    });
  }

  @Post('suppressions')
  @RequireRole('marketer')
  suppress(@Body() body: AddSuppressionDto, @Req() request: AuthenticatedRequest) {
    return this.api.suppress(body, `api-key:${request.principal?.keyId}`);
  }

  @Get('consent/policy')
  @RequireRole('manager')
  policy() {
    return this.consent.policy;
  }
}
