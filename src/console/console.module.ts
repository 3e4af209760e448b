import { Module } from '@nestjs/common';
import { AutomationsModule } from '../automations/automations.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ConsentModule } from '../consent/consent.module';
import { ConsoleCampaignsController } from './campaigns/campaigns.controller';
import { DashboardData } from './dashboard/dashboard-data';
import { DashboardController } from './dashboard/dashboard.controller';
import { SettingsController } from './settings/settings.controller';
import { ComingSoonController } from './shell/coming-soon.controller';
import { ConsoleAssetsController } from './shell/console-assets.controller';
import { ConsoleAuthGuard } from './shell/console-auth.guard';
import { ConsoleExceptionFilter } from './shell/console-exception.filter';
import { ConsoleRenderer } from './shell/console-renderer';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * The web console (layer 6: above reports, below app): server-rendered French pages over the same
 * services as the API and the CLI. Pages still to come answer "bientôt".
 */
@Module({
  imports: [ConsentModule, CampaignsModule, AutomationsModule, ComplaintsModule],
  controllers: [
    ConsoleAssetsController,
    SignInController,
    SettingsController,
    DashboardController,
    ConsoleCampaignsController,
    ComingSoonController,
  ],
  providers: [ConsoleRenderer, ConsoleAuthGuard, ConsoleExceptionFilter, DashboardData],
})
export class ConsoleModule {}
