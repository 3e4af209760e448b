import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AutomationsModule } from '../automations/automations.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { scoringConfig } from '../segments/scoring.config';
import { complaintsConfig } from '../complaints/complaints.config';
import { SegmentsModule } from '../segments/segments.module';
import { AutomationsPageController } from './automations/automations-page.controller';
import { AutomationSetupController } from './automations/automation-setup.controller';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ContactsPageController } from './contacts/contacts-page.controller';
import { CampaignFilesController } from './campaign-files/campaign-files.controller';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { ImportsModule } from '../imports/imports.module';
import { ConsoleCampaignsController } from './campaigns/campaigns.controller';
import { CampaignWizardController } from './campaigns/campaign-wizard.controller';
import { CampaignPreflightController } from './campaigns/campaign-preflight.controller';
import { ImportsPageController } from './imports/imports-page.controller';
import { DashboardData } from './dashboard/dashboard-data';
import { DashboardController } from './dashboard/dashboard.controller';
import { OutboxController } from './outbox/outbox.controller';
import { OutboxPages } from './outbox/outbox-pages';
import { OutboxPrintController } from './outbox/outbox-print.controller';
import { SegmentsPageController } from './segments/segments-page.controller';
import { ProfitabilityController } from './profitability/profitability.controller';
import { SettingsController } from './settings/settings.controller';
import { ComingSoonController } from './shell/coming-soon.controller';
import { ConsoleAssetsController } from './shell/console-assets.controller';
import { ConsoleAuthGuard } from './shell/console-auth.guard';
import { ConsoleExceptionFilter } from './shell/console-exception.filter';
import { ConsoleRenderer } from './shell/console-renderer';
import { SignInController } from './sign-in/sign-in.controller';
import { LetterDrafts } from './templates/letter-drafts';
import { LetterEditorController } from './templates/letter-editor.controller';
import { EmailDrafts } from './templates/email-drafts';
import { EmailEditorCheck } from './templates/email-editor-check';
import { EmailEditorController } from './templates/email-editor.controller';
import { SmsEditorController } from './templates/sms-editor.controller';
import { CallEditorController } from './templates/call-editor.controller';
import { TemplatesPageController } from './templates/templates-page.controller';
import { TemplatesModule } from '../templates/templates.module';
import { ComplaintActionsController } from './complaints/complaint-actions.controller';
import { ComplaintIndicatorsController } from './complaints/complaint-indicators.controller';
import { ComplaintPages } from './complaints/complaint-pages';
import { ComplaintsPageController } from './complaints/complaints-page.controller';

/**
 * The web console (layer 6: above reports, below app): server-rendered French pages over the same
 * services as the API and the CLI. Pages still to come answer "bientôt".
 */
@Module({
  imports: [
    ConsentModule,
    AutomationsModule,
    CampaignsModule,
    DeliveriesModule,
    ImportsModule,
    TemplatesModule,
    ContactsModule,
    SegmentsModule,
    PrivacyModule,
    ComplaintsModule,
    ConfigModule.forFeature(scoringConfig),
    ConfigModule.forFeature(complaintsConfig),
  ],
  controllers: [
    ConsoleAssetsController,
    SignInController,
    SettingsController,
    // Before the Contacts pages: /contacts/import is not a contact's id.
    ImportsPageController,
    DashboardController,
    CampaignFilesController,
    CampaignWizardController,
    CampaignPreflightController,
    ConsoleCampaignsController,
    AutomationSetupController,
    AutomationsPageController,
    OutboxController,
    OutboxPrintController,
    ContactsPageController,
    SegmentsPageController,
    ProfitabilityController,
    LetterEditorController,
    EmailEditorController,
    SmsEditorController,
    CallEditorController,
    TemplatesPageController,
    ComplaintIndicatorsController,
    ComplaintsPageController,
    ComplaintActionsController,
    ComingSoonController,
  ],
  providers: [
    ConsoleRenderer,
    ConsoleAuthGuard,
    ConsoleExceptionFilter,
    OutboxPages,
    DashboardData,
    LetterDrafts,
    EmailDrafts,
    EmailEditorCheck,
    ComplaintPages,
  ],
})
export class ConsoleModule {}
