import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { addCreateCommand, addFromSurveyCommand } from './complaint-intake.command';
import { addDashboardCommand, addListCommand, addShowCommand } from './complaint-queries.command';
import {
  addAnswerCommand,
  addAssignCommand,
  addCloseCommand,
  addEscalateCommand,
  addNoteCommand,
  addQualifyCommand,
} from './complaint-workflow.command';

export function registerComplaintCommands(program: Command, withApp: WithApp): void {
  const complaint = program
    .command('complaint')
    .description('complaints (réclamations): record, qualify, assign, answer, close, follow up');
  addCreateCommand(complaint, withApp);
  addFromSurveyCommand(complaint, withApp);
  addQualifyCommand(complaint, withApp);
  addAssignCommand(complaint, withApp);
  addAnswerCommand(complaint, withApp);
  addCloseCommand(complaint, withApp);
  addNoteCommand(complaint, withApp);
  addShowCommand(complaint, withApp);
  addListCommand(complaint, withApp);
  addDashboardCommand(complaint, withApp);
  addEscalateCommand(complaint, withApp);
}
