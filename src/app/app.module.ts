import { Module, type DynamicModule } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { AuthModule } from '../core/auth/auth.module';
import { ConfigModule } from '../core/config/config.module';
import { DatabaseModule } from '../core/database/database.module';
import { DemoModule } from '../demo/demo.module';
import { HealthModule } from '../health/health.module';
import { ImportsModule } from '../imports/imports.module';
import { TemplatesModule } from '../templates/templates.module';
import { RUNTIME_ROLE, type RuntimeRole } from './runtime-role';

/**
 * The whole application. What runs in a process depends on its role: the HTTP API (`serve`),
 * queue workers and the scheduler (`serve`, `worker`), or neither (one-shot CLI commands).
 */
@Module({})
export class AppModule {
  static forRole(role: RuntimeRole): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule, DatabaseModule, AuthModule, HealthModule, ContactsModule, ImportsModule, DemoModule, TemplatesModule],
      providers: [{ provide: RUNTIME_ROLE, useValue: role }],
      exports: [RUNTIME_ROLE],
      global: true,
    };
  }
}
