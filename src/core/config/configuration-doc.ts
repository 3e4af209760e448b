import type { VariableDoc } from './config-schema';

/** What the reference page shows of one namespace: a heading, a sentence, a table. */
export interface NamespaceDoc {
  title: string;
  summary?: string;
  variables: ReadonlyArray<VariableDoc>;
}

export const GENERATED_START = '<!-- generated:start -->';
export const GENERATED_END = '<!-- generated:end -->';
const NOTICE =
  '<!-- Written by `npm run docs:config` from src/core/config/namespaces/ (and the scoring and complaints settings): edit those, not this table. -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(namespace: NamespaceDoc): string[] {
  const rows = namespace.variables.map(
    (variable) =>
      `| \`${variable.env}\` | ${cell(variable.description)} | ${cell(variable.accepts)} | ${cell(variable.default ?? 'none')} | ${variable.secret ? 'yes' : ''} |`,
  );
  const summary = namespace.summary ? [namespace.summary, ''] : [];
  return [
    `### ${namespace.title}`,
    '',
    ...summary,
    '| variable | meaning | accepted values | when unset | secret |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** The generated part of docs/configuration.md: one table per namespace, markers included. */
export function renderVariableTables(namespaces: ReadonlyArray<NamespaceDoc>): string {
  return [GENERATED_START, NOTICE, '', ...namespaces.flatMap(table), GENERATED_END].join('\n');
}

/** The page with the text between its markers replaced by the tables; the prose around them is kept. */
export function withGeneratedTables(page: string, namespaces: ReadonlyArray<NamespaceDoc>): string {
  const start = page.indexOf(GENERATED_START);
  const end = page.indexOf(GENERATED_END);
  if (start < 0 || end < start)
    throw new Error(`docs/configuration.md must contain ${GENERATED_START} and, after it, ${GENERATED_END}`);
  return page.slice(0, start) + renderVariableTables(namespaces) + page.slice(end + GENERATED_END.length);
}
