import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../core/auth/api-key.guard';
import { RequireRole } from '../core/auth/auth.decorators';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/contacts')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** Everything stored about the person (right of access). */
  @Get(':externalId/export')
  @RequireRole('admin')
  export(@Param('externalId') externalId: string, @Req() request: AuthenticatedRequest) {
    return this.privacy.export(externalId, `api-key:${request.principal?.keyId}`);
  }

  /** Right to erasure: personal data removed, suppression hashes and anonymous aggregates kept. */
  @Post(':externalId/erase')
  @HttpCode(200)
  @RequireRole('admin')
  erase(@Param('externalId') externalId: string, @Req() request: AuthenticatedRequest) {
    return this.privacy.erase(externalId, `api-key:${request.principal?.keyId}`);
  }
}
