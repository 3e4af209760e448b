import { Module } from '@nestjs/common';
import { PeriodFigures } from './period-figures';
import { ProgrammeKpisService } from './programme-kpis.service';
import { ReportsController } from './reports.controller';

/** Programme-wide indicators (KPIs) and the period sums other reports share. */
@Module({
  controllers: [ReportsController],
  providers: [PeriodFigures, ProgrammeKpisService],
  exports: [PeriodFigures, ProgrammeKpisService],
})
export class ReportsModule {}
