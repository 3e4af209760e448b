import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { RateLimit } from '../http/rate-limits';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Liveness and readiness: 200 when the database answers, 503 otherwise. */
  @Get()
  @Public()
  @RateLimit('health')
  async health(@Res({ passthrough: true }) response: Response) {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      response.status(503);
      return { status: 'unavailable', database: 'down' };
    }
  }
}
