import { DomainError } from '../../core/errors/domain-error';
import { RenderError } from '../engine/compiled-text';
import { mergeValues, withOperatorValues, type RawRoot, type RecipientData } from '../engine/recipient-data';
import { imageSizes } from '../letters/image-size';
import { layoutLetter } from '../letters/letter-layout';
import type { Measurer } from '../letters/line-breaking';
import type { LetterImages } from '../letters/letter-pdf';
import { prepareTemplate, renderMessage, type PreparedTemplate, type RenderOptions } from '../prepared-template';
import type { FrontMatterMap } from '../source/front-matter';
import { parseTemplateSource, type TemplateDefinition, type TemplateSourceInput } from '../source/template-definition';
import { checkCopy } from './copy-rules';
import { LintCollector, type LintReport } from './lint-rules';
import { checkSettings, checkStructure } from './structure-rules';

export interface LintContext {
  measurer: Measurer;
  /** Recipient data for the sample render (the template's own `sample:` is merged on top). */
  sampleData: RecipientData;
  renderOptions: RenderOptions;
  images?: LetterImages;
  seed: string;
}

export interface LintOutcome {
  report: LintReport;
  definition?: TemplateDefinition;
  prepared?: PreparedTemplate;
}

/**
 * Deep-merges the template's `sample:` values into the sample recipient data. Its sender and
 * campaign values are the template author's, so raw output may print them too.
 */
export function withSample(data: RecipientData, sample: FrontMatterMap): RecipientData {
  const { sender, campaign, ...rest } = sample;
  const operator = { ...(sender === undefined ? {} : { sender }), ...(campaign === undefined ? {} : { campaign }) } as RawRoot;
  return withOperatorValues(mergeValues(data, rest), operator);
}

function syntaxIssue(error: unknown, lint: LintCollector): boolean {
  if (error instanceof DomainError && (error.code === 'templates.syntax' || error.code === 'templates.front_matter' || error.code === 'templates.channel')) {
    lint.add('syntax', error.message, error.details?.fields?.[0]?.line);
    return true;
  }
  return false;
}

/** Lints a template's source: structure first, then the copy of a sample rendering. */
export async function lintTemplate(input: TemplateSourceInput, context: LintContext): Promise<LintOutcome> {
  const lint = new LintCollector();
  let definition: TemplateDefinition;
  let prepared: PreparedTemplate;
  try {
    definition = parseTemplateSource(input);
  } catch (error) {
    if (syntaxIssue(error, lint)) return { report: lint.report() };
    throw error;
  }
  checkSettings(definition, lint);
  try {
    prepared = await prepareTemplate(definition, { seed: context.seed, images: context.images });
  } catch (error) {
    if (syntaxIssue(error, lint)) return { report: lint.report(), definition };
    throw error;
  }
  checkStructure(prepared, lint);
  try {
    const rendered = renderMessage(prepared, withSample(context.sampleData, definition.sample), context.renderOptions);
    const layoutWarnings = rendered.channel === 'letter' ? layoutLetter(rendered.content, imageSizes(context.images ?? {}), context.measurer).warnings : [];
    checkCopy(prepared, rendered, context.measurer, layoutWarnings, lint);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    lint.add('sample-render', `${error.message} with the sample data: add it under "sample:" in the front matter to check the copy`, error.line);
  }
  return { report: lint.report(), definition, prepared };
}
