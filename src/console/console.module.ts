import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { ConsoleCampaignsController } from './campaigns/campaigns.controller';
import { ProfitabilityController } from './profitability/profitability.controller';
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
  imports: [ConsentModule, CampaignsModule],
  controllers: [
    ConsoleAssetsController,
    SignInController,
    SettingsController,
    ConsoleCampaignsController,
    ProfitabilityController,
    ComingSoonController,
  ],
  providers: [ConsoleRenderer, ConsoleAuthGuard, ConsoleExceptionFilter],
})
export class ConsoleModule {}
