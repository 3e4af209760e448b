import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerServerCommands } from './server.command';
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
import { registerResponseCommands } from '../responses/response.command';
import { registerReportCommands } from '../reports/report.command';
import { registerAutomationCommands } from '../automations/automation.command';
import { registerComplaintCommands } from '../complaints/complaint.command';
import { registerKpiCommand } from '../reports/kpi.command';
import { registerOperationsReportCommand } from '../reports/operations-report.command';
import { PACKAGE_VERSION } from '../core/package-root';
import { registerTemplateCommands } from '../templates/template.command';
import { reportError } from '../core/cli/cli-io';
import { exitCode } from '../core/cli/exit-code';
import { commandRunner } from '../core/cli/command-runner';
import { createAppContext } from './bootstrap';

export function buildProgram(): Command {
  const program = new Command('relance')
    .description('Multi-channel outreach engine for customer loyalty')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();
  // Only this layer knows the root module: every feature's commands get the way to open it from here.
  const withApp = commandRunner(createAppContext);
  // Reports come last: they add `report` to the campaign and automation commands.
  for (const register of [
    registerMigrateCommand,
    registerServerCommands,
    registerDemoCommand,
    registerApiKeyCommands,
    registerUserCommands,
    registerImportCommand,
    registerContactCommands,
    registerPrivacyCommands,
    registerConsentCommands,
    registerTemplateCommands,
    registerSegmentCommands,
    registerCampaignCommands,
    registerResponseCommands,
    registerAutomationCommands,
    registerComplaintCommands,
    registerKpiCommand,
    registerReportCommands,
    registerOperationsReportCommand,
  ]) {
    register(program, withApp);
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
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    return reportError(error);
  }
}
