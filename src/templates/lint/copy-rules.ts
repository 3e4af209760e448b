import { paragraphLineCounts } from '../letters/letter-layout';
import type { Measurer } from '../letters/line-breaking';
import { plainText } from '../letters/light-markup';
import type { PreparedTemplate, RenderedMessage } from '../prepared-template';
import { addressesReader, countWords, excerpt, shouting, splitSentences } from './copy-metrics';
import type { LintCollector, LintLocation } from './lint-rules';

/** Checks on the copy as a reader gets it: the template rendered with sample data. */
const MAX_LETTER_LINES = 5;
const MAX_EMAIL_PARAGRAPH_WORDS = 60;
const MAX_SENTENCE_WORDS = 25;
const MAX_SUBJECT_LENGTH = 60;
const MAX_SMS_SEGMENTS = 2;

function checkSentences(texts: string[], lint: LintCollector, locations: Array<LintLocation | undefined> = []): void {
  texts.forEach((text, index) => {
    for (const sentence of splitSentences(text)) {
      const words = countWords(sentence);
      if (words > MAX_SENTENCE_WORDS) lint.add('sentence-too-long', `${words} words (at most ${MAX_SENTENCE_WORDS}): « ${excerpt(sentence)} »`, undefined, locations[index]);
    }
  });
}

function checkSubject(subject: string | undefined, lint: LintCollector): void {
  if (!subject) return;
  if (subject.length > MAX_SUBJECT_LENGTH) lint.add('subject-too-long', `the subject is ${subject.length} characters long with the sample data (at most ${MAX_SUBJECT_LENGTH}): « ${subject} »`);
  const shout = shouting(subject);
  if (shout.capitals) lint.add('subject-shouting', `the subject is written in capitals: « ${subject} »`);
  if (shout.exclamations) lint.add('subject-shouting', `the subject piles up exclamation marks: « ${subject} »`);
}

function checkVous(texts: string[], lint: LintCollector): void {
  if (!texts.some(addressesReader)) lint.add('vous-missing', 'the text never says "vous" or "votre": speak to the reader');
}

/** E-mail paragraphs: blocks of the plain-text alternative, links and footer lines excluded. */
function emailParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s*\n\s*/g, ' ').trim())
    .filter((block) => block && !/^https?:\/\/\S+$/.test(block));
}

function checkLetter(rendered: RenderedMessage, measurer: Measurer, layoutWarnings: string[], lint: LintCollector): void {
  if (rendered.channel !== 'letter') return;
  const { content } = rendered;
  const counts = paragraphLineCounts(content.body, measurer);
  counts.forEach((lines, index) => {
    if (lines > MAX_LETTER_LINES) lint.add('paragraph-too-long', `paragraph ${index + 1} takes ${lines} printed lines (at most ${MAX_LETTER_LINES}): « ${excerpt(plainText(content.body[index]))} »`, undefined, { part: 'body', paragraph: index + 1 });
  });
  const accroche = content.accroche?.map((run) => run.text).join('') ?? '';
  const postscript = content.postscript?.runs.map((run) => run.text).join('') ?? '';
  const body = content.body.map(plainText);
  const locations: LintLocation[] = [{ part: 'accroche' }, ...body.map((_, index) => ({ part: 'body' as const, paragraph: index + 1 })), { part: 'ps' }];
  checkSentences([accroche, ...body, postscript], lint, locations);
  checkVous([accroche, ...body, postscript], lint);
  checkSubject(content.subject?.runs.map((run) => run.text).join(''), lint);
  for (const warning of layoutWarnings) lint.add('layout', warning);
}

function checkEmail(rendered: RenderedMessage, lint: LintCollector): void {
  if (rendered.channel !== 'email') return;
  const paragraphs = emailParagraphs(rendered.text);
  paragraphs.forEach((paragraph, index) => {
    const words = countWords(paragraph);
    if (words > MAX_EMAIL_PARAGRAPH_WORDS) lint.add('paragraph-too-long', `paragraph ${index + 1} has ${words} words (about ${MAX_EMAIL_PARAGRAPH_WORDS} at most): « ${excerpt(paragraph)} »`);
  });
  checkSentences(paragraphs, lint);
  checkVous(paragraphs, lint);
  checkSubject(rendered.subject, lint);
}

function checkSms(prepared: PreparedTemplate, rendered: RenderedMessage, lint: LintCollector): void {
  if (rendered.channel !== 'sms' || prepared.channel !== 'sms') return;
  if (rendered.encoding === 'UCS-2') {
    lint.add('sms-unicode', `${rendered.non_gsm_characters.map((char) => `"${char}"`).join(', ')} force UCS-2: ${rendered.characters} characters make ${rendered.segments} SMS (70 per SMS instead of 160)`);
  }
  if (rendered.segments > MAX_SMS_SEGMENTS) lint.add('sms-length', `${rendered.segments} SMS segments with the sample data (${rendered.characters} characters, ${rendered.encoding}): each segment is billed`);
  const namesSender = prepared.body.analysis.variables.some((use) => use.path === 'sender.name');
  if (prepared.definition.marketing && !namesSender) lint.add('sms-sender', 'a marketing SMS names its sender: add {{sender.name}}');
  if (prepared.definition.marketing && !/\bSTOP\b/i.test(rendered.text)) lint.add('sms-opt-out', 'a marketing SMS ends with the opt-out mention "STOP au <number>": keep "opt_out:" (or leave it out for the default one)');
  checkSentences([rendered.text], lint);
  checkVous([rendered.text], lint);
}

function checkPhone(rendered: RenderedMessage, lint: LintCollector): void {
  if (rendered.channel !== 'phone') return;
  checkSentences(rendered.sections.flatMap((section) => section.paragraphs.map(plainText)), lint);
  checkVous(rendered.sections.map((section) => section.text), lint);
}

export function checkCopy(prepared: PreparedTemplate, rendered: RenderedMessage, measurer: Measurer, layoutWarnings: string[], lint: LintCollector): void {
  checkLetter(rendered, measurer, layoutWarnings, lint);
  checkEmail(rendered, lint);
  checkSms(prepared, rendered, lint);
  checkPhone(rendered, lint);
}
