import { BUILT_IN_BLOCK_HELPERS, TEMPLATE_HELPERS } from './helpers';
import { FORBIDDEN_SEGMENTS } from './recipient-data';

/**
 * Raw output (`{{{…}}}`, `{{& …}}`) prints a value without escaping. Only the sender's and the
 * campaign's data may be printed raw — content the operator wrote, never a contact's — and only
 * when the template names it unambiguously: its full path (`sender.…`, `campaign.…`, or
 * `@root.sender.…`), never `this`, `.`, `../`, a block parameter or a name relative to an
 * `each`/`with` context, never a helper's output.
 *
 * The decision is made here once per expression, and the compiler acts on it (see
 * handlebars-environment.ts): an allowed raw output is read straight from the raw root of the
 * merge data, bypassing Handlebars' name resolution (which a block parameter can shadow, even
 * `@root`); any other is compiled as an escaped output. So a refused `{{{…}}}` is safe even if
 * the template was never linted; the linter reports it so that the author fixes it.
 *
 * The raw root is not the merge data but the part of it the operator wrote, built apart by
 * recipient-data.ts: the sender, and the campaign with its own definition data. What else shares
 * those names stays out of it by construction:
 * - an automation's trigger data — its date, order, attempt, and an event's own data from
 *   `POST /api/v1/events`, which the operator's systems send and a client may have written (a
 *   referred friend's name) — is merged into `campaign.data` for escaped output only. A raw output
 *   of such a name finds nothing in the raw root (nor the campaign's own value it replaced): the
 *   message fails with an error naming it (compiled-text.ts), never prints it raw.
 * - a service message's data (the complaint or sign-up it answers) is under `request.*`, never
 *   `campaign.*`, and always printed escaped.
 * Merge data built any other way has no raw root: nothing in it prints raw.
 */
export const RAW_OUTPUT_ROOTS: ReadonlySet<string> = new Set(['sender', 'campaign']);

export interface RawOutput {
  /** As written, e.g. `{{{campaign.data.block}}}`. */
  expression: string;
  line: number;
  column: number;
  /** The root path printed (e.g. `campaign.data.block`) when allowed. */
  path?: string;
  /** Why it is printed escaped instead. */
  refused?: string;
}

type Mustache = hbs.AST.MustacheStatement;

/** Blocks that render their content with the same context (everything else may change it). */
const SAME_CONTEXT_BLOCKS = new Set(['if', 'unless', 'if_eq']);
const HELPER_NAMES = new Set<string>([...TEMPLATE_HELPERS, ...BUILT_IN_BLOCK_HELPERS]);

/** The allowed root path of each raw mustache, for the compiler. Missing: printed escaped. */
const allowedPaths = new WeakMap<Mustache, string[]>();

interface Scope {
  blockParams: ReadonlySet<string>;
  /** Inside a block whose content may render with another context than the root. */
  contextChanged: boolean;
}

function expressionText(mustache: Mustache): string {
  const path = mustache.path as hbs.AST.PathExpression;
  const name = 'original' in path ? String(path.original) : (path as { type: string }).type;
  const more = mustache.params.length || mustache.hash?.pairs.length ? ' …' : '';
  return `{{{${name}${more}}}}`;
}

const ALLOWED = `only sender.* and campaign.* may be printed without escaping`;

/** The root path a raw mustache prints, or why it may not print raw. */
function decide(mustache: Mustache, scope: Scope): { path: string[] } | { refused: string } {
  const path = mustache.path as hbs.AST.PathExpression;
  if (path.type !== 'PathExpression') return { refused: 'a literal is text: write it without braces' };
  if (mustache.params.length || mustache.hash?.pairs.length || HELPER_NAMES.has(path.original)) {
    return { refused: `a helper's output is always escaped (${ALLOWED})` };
  }
  let parts: string[];
  if (path.data) {
    if (path.parts[0] !== 'root' || !path.original.startsWith('@root.')) return { refused: `@-variables are always escaped (${ALLOWED})` };
    parts = path.parts.slice(1);
  } else {
    if (path.depth > 0) return { refused: `../ reaches the context of an enclosing block, which may be contact data (${ALLOWED})` };
    if (path.parts.length === 0 || /^\.|this\b/.test(path.original)) return { refused: `this and . are the context of a block, which may be contact data (${ALLOWED})` };
    if (scope.blockParams.has(path.parts[0])) return { refused: `"${path.parts[0]}" is a block parameter here, not the ${path.parts[0]} (${ALLOWED})` };
    if (scope.contextChanged) return { refused: `inside each, with and other blocks, names are relative to the block's context: write {{{@root.${path.parts.join('.')}}}}` };
    parts = path.parts;
  }
  if (parts[0] === 'request') return { refused: `request.* is what a service message answers, written by the client (${ALLOWED})` };
  if (!parts.length || !RAW_OUTPUT_ROOTS.has(parts[0])) return { refused: `${parts[0] ?? 'this'} may hold contact data: ${ALLOWED}` };
  if (parts.some((part) => FORBIDDEN_SEGMENTS.has(part) || part.startsWith('__'))) return { refused: 'a path into object internals' };
  return { path: parts };
}

function walk(program: hbs.AST.Program | undefined, scope: Scope, found: RawOutput[]): void {
  for (const node of program?.body ?? []) {
    if (node.type === 'MustacheStatement') {
      const mustache = node as Mustache;
      if (mustache.escaped) continue;
      const decision = decide(mustache, scope);
      const start = mustache.loc?.start ?? { line: 0, column: 0 };
      const output: RawOutput = { expression: expressionText(mustache), line: start.line, column: start.column };
      if ('path' in decision) {
        allowedPaths.set(mustache, decision.path);
        output.path = decision.path.join('.');
      } else {
        allowedPaths.delete(mustache);
        output.refused = decision.refused;
      }
      found.push(output);
    } else if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const name = block.path.type === 'PathExpression' ? (block.path).original : '';
      const contextChanged = scope.contextChanged || !SAME_CONTEXT_BLOCKS.has(name);
      for (const inner of [block.program, block.inverse]) {
        const blockParams = new Set([...scope.blockParams, ...(inner?.blockParams ?? [])]);
        walk(inner, { blockParams, contextChanged }, found);
      }
    }
    // Partials and decorators are refused by the linter and not available to the compiler.
  }
}

/** Every raw output of a template with its decision; records the allowed ones for the compiler. */
export function rawOutputs(program: hbs.AST.Program): RawOutput[] {
  const found: RawOutput[] = [];
  walk(program, { blockParams: new Set(), contextChanged: false }, found);
  return found;
}

/** The root path a raw mustache may print (decided by `rawOutputs`), or undefined: print it escaped. */
export function allowedRawPath(mustache: Mustache): string[] | undefined {
  return allowedPaths.get(mustache);
}
