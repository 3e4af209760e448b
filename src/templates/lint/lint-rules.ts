/**
 * The copy and compliance rules. Errors block a launch; warnings are shown. Each rule has a
 * stable id (what `relance template lint --json` prints) — the README lists them.
 */
export type Severity = 'error' | 'warning';

export const LINT_RULES = {
  // Structure and safety
  'syntax': { severity: 'error', summary: 'the template cannot be read or compiled (front matter, Handlebars, MJML)' },
  'objective': { severity: 'error', summary: 'objective missing or not one of sale, awareness, launch, loyalty, reactivation, survey, information' },
  'one-objective': { severity: 'error', summary: 'more than one call-to-action objective: one mailing, one objective' },
  'unknown-setting': { severity: 'warning', summary: 'a front-matter setting this channel does not use' },
  'unknown-variable': { severity: 'error', summary: 'a variable that recipient data never has (typo?)' },
  'unsafe-variable': { severity: 'error', summary: 'a property that leads to an object prototype (constructor, __proto__…)' },
  'unknown-helper': { severity: 'error', summary: 'a helper outside the fixed set (salutation, date, money, plural, upper, default, if_eq, if, unless, each, with)' },
  'partial': { severity: 'error', summary: 'partials and decorators are not available' },
  'raw-output': { severity: 'error', summary: '{{{…}}} on anything but sender.* and campaign.* named in full (not this, ., ../, a block parameter or a helper)' },
  'raw-trigger-data': { severity: 'warning', summary: '{{{campaign.data.x}}} where x is a name automations\' triggers set (date, order_id…): never printed raw' },
  'sample-render': { severity: 'warning', summary: 'the template cannot be rendered with the sample data (add values under "sample:")' },
  // Letters
  'accroche-missing': { severity: 'error', summary: 'a letter needs an accroche: the hook read right after the name' },
  'paragraph-too-long': { severity: 'warning', summary: 'a paragraph over 5 printed lines (letters) or about 60 words (e-mails)' },
  'ps-missing': { severity: 'warning', summary: 'no P.S.: the second most-read part of a letter' },
  'coupon-missing': { severity: 'error', summary: 'a sale, reactivation or survey letter without a reply coupon' },
  'layout': { severity: 'warning', summary: 'the printed letter had to compromise (coupon text cut, address shrunk)' },
  // E-mails
  'subject-missing': { severity: 'error', summary: 'an e-mail without a subject' },
  'unsubscribe-missing': { severity: 'error', summary: 'a marketing e-mail without a link to {{unsubscribe_url}}' },
  'preheader-missing': { severity: 'warning', summary: 'no preheader: the inbox shows whatever text comes first' },
  'one-call-to-action': { severity: 'warning', summary: 'buttons leading to different places: one e-mail, one call to action' },
  'mjml': { severity: 'warning', summary: 'MJML validation' },
  'mjml-dropped': { severity: 'error', summary: 'a Handlebars expression MJML dropped (put it inside mj-text or mj-raw)' },
  // Copy, every channel
  'sentence-too-long': { severity: 'warning', summary: 'a sentence over 25 words' },
  'vous-missing': { severity: 'warning', summary: 'the reader is never addressed as "vous"' },
  'subject-too-long': { severity: 'warning', summary: 'a subject over 60 characters' },
  'subject-shouting': { severity: 'error', summary: 'a subject in capitals or with "!!"' },
  // SMS
  'sms-unicode': { severity: 'warning', summary: 'characters outside the GSM alphabet: UCS-2, 70 characters per SMS instead of 160' },
  'sms-length': { severity: 'warning', summary: 'more than 2 SMS segments' },
  'sms-sender': { severity: 'warning', summary: 'a marketing SMS that does not name the sender ({{sender.name}})' },
  'sms-opt-out': { severity: 'error', summary: 'a marketing SMS without the STOP opt-out mention (its "opt_out:" emptied or without STOP)' },
  // Call scripts
  'croc-section-missing': { severity: 'error', summary: 'a call script without its contact, reason, objective or conclusion section' },
  'branch-missing': { severity: 'warning', summary: 'a call script without a branch for a usual answer' },
  'unknown-section': { severity: 'warning', summary: 'a call-script section that is neither CROC nor a usual branch' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type LintRuleId = keyof typeof LINT_RULES;

/** Where in a letter a copy finding is: the accroche, the P.S., or a body paragraph (1-based, as printed). */
export interface LintLocation {
  part: 'accroche' | 'body' | 'ps' | 'subject';
  paragraph?: number;
}

export interface LintIssue {
  rule: LintRuleId;
  message: string;
  line?: number;
  at?: LintLocation;
}

export interface LintReport {
  errors: LintIssue[];
  warnings: LintIssue[];
}

export class LintCollector {
  private readonly issues: LintIssue[] = [];

  add(rule: LintRuleId, message: string, line?: number, at?: LintLocation): void {
    const issue: LintIssue = line === undefined ? { rule, message } : { rule, message, line };
    if (at) issue.at = at;
    this.issues.push(issue);
  }

  report(): LintReport {
    return {
      errors: this.issues.filter((issue) => LINT_RULES[issue.rule].severity === 'error'),
      warnings: this.issues.filter((issue) => LINT_RULES[issue.rule].severity === 'warning'),
    };
  }
}

/** What blocks a launch: every error (warnings are shown, never blocking). The campaign launch and the console use this one rule. */
export function launchBlockers(report: LintReport): LintIssue[] {
  return report.errors;
}
