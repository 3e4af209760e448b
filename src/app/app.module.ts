import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ContactsModule } from '../contacts/contacts.module';
import { AuthModule } from '../core/auth/auth.module';
import { ConfigModule } from '../core/config/config.module';
import { RateLimitModule } from '../core/http/rate-limit.guard';
import { DatabaseModule } from '../core/database/database.module';
import { SecurityModule } from '../core/security/security.module';
import { ConsentModule } from '../consent/consent.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { DemoModule } from '../demo/demo.module';
import { HealthModule } from '../core/health/health.module';
import { ImportsModule } from '../imports/imports.module';
import { TemplatesModule } from '../templates/templates.module';
import { SegmentsModule } from '../segments/segments.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ResponsesModule } from '../responses/responses.module';
import { AutomationsModule } from '../automations/automations.module';
import { DeliveryEventsModule } from '../deliveries/provider-events/delivery-events.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ReportsModule } from '../reports/reports.module';
import { ConsoleModule } from '../console/console.module';
import { QueueModule } from '../core/queue/queue.module';
import { RUNTIME_ROLE, type RuntimeRole } from '../core/runtime-role';

/**
 * The whole application. What runs in a process depends on its role: the HTTP API (`serve`),
 * queue workers and the scheduler (`serve`, `worker`), or neither (one-shot CLI commands).
 */
@Module({})
export class AppModule {
  static forRole(role: RuntimeRole): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // How a lower layer tells a higher one (a campaign to pause, a response recorded): typed events, see docs/architecture.md.
        EventEmitterModule.forRoot(),
        ConfigModule,
        DatabaseModule,
        SecurityModule,
        QueueModule,
        RateLimitModule,
        AuthModule,
        HealthModule,
        ContactsModule,
        ImportsModule,
        ConsentModule,
        PrivacyModule,
        TemplatesModule,
        SegmentsModule,
        CampaignsModule,
        ResponsesModule,
        AutomationsModule,
        DeliveryEventsModule,
        ComplaintsModule,
        ReportsModule,
        ConsoleModule,
        DemoModule,
        // Cron jobs only run in processes with the scheduler role (serve, worker); each guards itself with a database lock.
        ...(role.scheduler ? [ScheduleModule.forRoot()] : []),
      ],
      providers: [{ provide: RUNTIME_ROLE, useValue: role }],
      exports: [RUNTIME_ROLE],
      global: true,
    };
  }
}
