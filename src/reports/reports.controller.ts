import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../core/auth/auth.decorators';
import { ProgrammeKpisService } from './programme-kpis.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/kpis')
export class ReportsController {
  constructor(private readonly kpis: ProgrammeKpisService) {}

  /** Programme KPIs of docs/kpis.md, with verbatims and the comparable periods as extra fields. */
  @Get()
  @RequireRole('manager')
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, included' })
  @ApiQuery({
    name: 'currency',
    required: false,
    description:
      'ISO 4217 code of the money figures; default RELANCE_DEFAULT_CURRENCY (other currencies are listed, not converted)',
  })
  report(@Query('from') from?: string, @Query('to') to?: string, @Query('currency') currency?: string) {
    return this.kpis.report({ from, to, currency });
  }
}
