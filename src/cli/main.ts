import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerServerCommands } from '../app/server.command';
import { registerContactCommands } from '../contacts/contact.command';
import { registerApiKeyCommands } from '../core/auth/api-key.command';
import { registerUserCommands } from '../core/auth/user.command';
import { registerMigrateCommand } from '../core/database/migrate.command';
import { registerDemoCommand } from '../demo/demo.command';
import { registerImportCommand } from '../imports/import.command';
import { registerPrivacyCommands } from '../privacy/privacy.command';
import { registerConsentCommands } from '../consent/consent.command';
import { registerSegmentCommands } from '../segments/segment.command';
import { registerCampaignCommands } from '../campaigns/campaign.command';
import { registerTrackingCommands } from '../tracking/tracking.command';
import { registerAutomationCommands } from '../automations/automation.command';
import { registerComplaintCommands } from '../complaints/complaint.command';
import { registerKpiCommand } from '../reports/kpi.command';
import { PACKAGE_VERSION } from '../core/package-root';
import { registerTemplateCommands } from '../templates/template.command';
import { reportError } from './cli-io';
import { exitCode } from './exit-code';

export function buildProgram(): Command {
  const program = new Command('relance')
    .description('Multi-channel outreach engine for customer loyalty')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const register of [
    registerMigrateCommand, registerServerCommands, registerDemoCommand, registerApiKeyCommands, registerUserCommands, registerImportCommand, registerContactCommands, registerPrivacyCommands, registerConsentCommands,
    registerTemplateCommands, registerSegmentCommands, registerCampaignCommands, registerTrackingCommands, registerAutomationCommands, registerComplaintCommands, registerKpiCommand,
  ]) {
    register(program);
  }
  program.commands.forEach(function exitOverride(command: Command) {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  });
  return program;
}

/** Entry point: parses argv, runs the command, returns the exit code (0 ok, 1 handled error, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  exitCode.reset();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCode.value;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    return reportError(error);
  }
}
