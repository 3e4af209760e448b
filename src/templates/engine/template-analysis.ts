import { BUILT_IN_BLOCK_HELPERS, REQUIRED_HELPER_ARGUMENTS, TEMPLATE_HELPERS } from './helpers';
import { ownEntry } from '../../core/text/text';
import { rawOutputs, type RawOutput } from './raw-output';

/**
 * Static analysis of a Handlebars template: which variables and helpers it uses, where, and which
 * variables it cannot render without. It feeds the linter (unknown names, unsafe output), the
 * launch check (count the recipients lacking a required variable) and error messages (map the
 * position Handlebars reports back to the full variable name).
 */
export interface VariableUse {
  /** Dotted path as written, without `@root.` (e.g. `attr.points`). */
  path: string;
  line: number;
  column: number;
  /** Inside `each`/`with`: relative to another context, not checked against the data model. */
  scoped: boolean;
  /** Rendering fails without it whenever the template renders (outside any block, not optional). */
  required: boolean;
  /** Written as raw output (`{{{…}}}`): see `TemplateAnalysis.rawOutputs` for whether it prints raw. */
  raw: boolean;
}

export interface HelperUse {
  name: string;
  line: number;
  column: number;
}

export interface TemplateProblem {
  kind: 'partial' | 'decorator';
  line: number;
  column: number;
}

export interface TemplateAnalysis {
  variables: VariableUse[];
  helpers: HelperUse[];
  problems: TemplateProblem[];
  /** Every `{{{…}}}` / `{{& …}}`: printed raw, or refused (and printed escaped) with the reason. */
  rawOutputs: RawOutput[];
  /** `line:column` of a path expression (or of an allowed raw output) → its full path. */
  pathAt: Map<string, string>;
  /** `line:column` of a helper call → the paths of its positional arguments (undefined for literals). */
  argumentsAt: Map<string, Array<string | undefined>>;
}

type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };

const HELPER_NAMES = new Set<string>([...TEMPLATE_HELPERS, ...BUILT_IN_BLOCK_HELPERS]);
const SCOPING_BLOCKS = new Set(['each', 'with']);

export function locationKey(line: number, column: number): string {
  return `${line}:${column}`;
}

function pathName(path: hbs.AST.PathExpression): string {
  return path.original.replace(/^@root\./, '').replace(/^this\./, '');
}

class Analyser {
  readonly result: TemplateAnalysis = { variables: [], helpers: [], problems: [], rawOutputs: [], pathAt: new Map(), argumentsAt: new Map() };

  program(program: hbs.AST.Program | undefined, depth: number, scoped: boolean): void {
    for (const statement of program?.body ?? []) this.statement(statement, depth, scoped);
  }

  private statement(node: Node, depth: number, scoped: boolean): void {
    switch (node.type) {
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        this.call(mustache, depth, scoped, !mustache.escaped);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        this.call(block, depth + 1, scoped, false);
        const name = (block.path).original;
        const inner = scoped || SCOPING_BLOCKS.has(name);
        this.program(block.program, depth + 1, inner);
        this.program(block.inverse, depth + 1, scoped);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.problem('partial', node);
        return;
      case 'Decorator':
      case 'DecoratorBlock':
        this.problem('decorator', node);
        return;
      default:
        return; // content and comments
    }
  }

  private problem(kind: TemplateProblem['kind'], node: Node): void {
    this.result.problems.push({ kind, line: node.loc?.start.line ?? 0, column: node.loc?.start.column ?? 0 });
  }

  /** A mustache, block or sub-expression: either a helper call or a plain variable. */
  private call(node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, depth: number, scoped: boolean, raw: boolean): void {
    const path = node.path as Node;
    if (path.type !== 'PathExpression') return;
    const expression = path as hbs.AST.PathExpression;
    const isHelper = node.type === 'BlockStatement' || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || HELPER_NAMES.has(expression.original);
    if (!isHelper) {
      this.variable(expression, depth === 0 && node.type === 'MustacheStatement', scoped, raw);
      return;
    }
    const start = (node as Node).loc?.start ?? { line: 0, column: 0 };
    this.result.helpers.push({ name: expression.original, line: start.line, column: start.column });
    const required = ownEntry(REQUIRED_HELPER_ARGUMENTS, expression.original) ?? [];
    const argumentPaths = node.params.map((param, index) => this.value(param as Node, depth === 0 && required.includes(index), scoped, raw));
    this.result.argumentsAt.set(locationKey(start.line, start.column), argumentPaths);
    for (const pair of node.hash?.pairs ?? []) this.value(pair.value, false, scoped, raw);
  }

  private value(node: Node, required: boolean, scoped: boolean, raw: boolean): string | undefined {
    if (node.type === 'PathExpression') return this.variable(node as hbs.AST.PathExpression, required, scoped, raw);
    if (node.type === 'SubExpression') this.call(node as hbs.AST.SubExpression, 1, scoped, raw);
    return undefined;
  }

  private variable(expression: hbs.AST.PathExpression, required: boolean, scoped: boolean, raw: boolean): string | undefined {
    const start = (expression as Node).loc?.start ?? { line: 0, column: 0 };
    const isRoot = expression.original.startsWith('@root.');
    if (expression.data && !isRoot) return undefined; // @index, @first…: provided by Handlebars
    const path = pathName(expression);
    if (path === 'this' || path === '.') return undefined;
    const inScope = scoped && !isRoot;
    this.result.variables.push({ path, line: start.line, column: start.column, scoped: inScope, required: required && !inScope, raw });
    this.result.pathAt.set(locationKey(start.line, start.column), path);
    return path;
  }
}

export function analyseTemplate(program: hbs.AST.Program): TemplateAnalysis {
  const analyser = new Analyser();
  analyser.program(program, 0, false);
  analyser.result.rawOutputs = rawOutputs(program);
  // An allowed raw output reports a missing value at its own position, not its path's.
  for (const output of analyser.result.rawOutputs) if (output.path) analyser.result.pathAt.set(locationKey(output.line, output.column), output.path);
  return analyser.result;
}
