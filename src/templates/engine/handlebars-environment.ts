import Handlebars from 'handlebars';
// The runtime's own factory for the prototype-access policy (not re-exported by the package).
import { createProtoAccessControl } from 'handlebars/dist/cjs/handlebars/internal/proto-access';
import { encodeQuotedPrintableSegment } from '../email/quoted-printable';
import { HELPER_IMPLEMENTATIONS, TEMPLATE_HELPERS } from './helpers';
import { allowedRawPath, rawOutputs } from './raw-output';
import { rawRootOf } from './recipient-data';

/**
 * Isolated Handlebars environments, one per output format. Each has the fixed helper set and
 * nothing else (no `log`, no `lookup`, no partials or inline decorators), compiles in strict mode
 * with known helpers only, and renders with prototype access denied.
 *
 * - `html`: values HTML-escaped (Handlebars' own escaping).
 * - `text`: values as they are (subjects, SMS, plain-text bodies).
 * - `markup`: values escaped for the letters' light markup, so a name cannot turn bold.
 * - `html-qp` / `text-qp`: the same output, already quoted-printable for a MIME body. The static
 *   text of the template is encoded once, at compile time; only merged values are encoded per
 *   recipient (see quoted-printable.ts for why the pieces concatenate).
 *
 * In every mode, `{{{…}}}` prints raw only what raw-output.ts allows (the sender's and campaign's
 * data, never a contact's, a service request's or a trigger's); the compiler escapes any other raw
 * output.
 */
export type OutputMode = 'html' | 'text' | 'markup' | 'html-qp' | 'text-qp';

export type CompiledTemplate = (context: unknown, data?: Record<string, unknown>) => string;

/** The parts of Handlebars' AST compiler used here (internals, not in its type definitions). */
interface CompilerInternals {
  options: { noEscape?: boolean };
  compile(program: hbs.AST.Program, options: object): unknown;
  opcode(name: string, ...args: unknown[]): void;
  SubExpression(node: hbs.AST.MustacheStatement): void;
}

/** The parts of Handlebars' JavaScript code generator used here (internals, not in its type definitions). */
interface JavaScriptCompilerInternals {
  compile(environment: unknown, options: object, context: undefined, asObject: true): unknown;
  appendContent(content: string): void;
  pushSource(source: unknown): void;
  appendToBuffer(source: unknown[]): unknown;
  aliasable(name: string): unknown;
  popStack(): unknown;
}

type CompilerClass<Instance> = { prototype: Instance } & (new () => Instance);

/** The compiler internals Handlebars exposes on an environment (not in its type definitions). */
type HandlebarsEnvironment = typeof Handlebars & {
  Compiler: CompilerClass<CompilerInternals>;
  JavaScriptCompiler: CompilerClass<JavaScriptCompilerInternals>;
  template(spec: unknown): Handlebars.TemplateDelegate;
};

/**
 * The output functions the generated code calls. Registered as an object, not as helpers: Handlebars
 * wraps every helper function to pass it an options object, which these are not. Templates cannot
 * reach it (known helpers only, and the linter refuses names starting with `__`).
 */
const OUTPUT = '__relance_output';

/**
 * The data-frame entry allowed raw outputs read: the raw root of the merge data (recipient-data.ts),
 * set by the render function whatever the caller passes. Merge data built elsewhere has none, and
 * then a raw output prints nothing: it fails as a missing value.
 */
const RAW_ROOT_ENTRY = 'relance_raw_root';
const NO_RAW_ROOT = Object.freeze({});

interface OutputFunctions {
  escape?: (value: unknown) => string;
  encode?: (value: unknown) => string;
  encodeEscaped?: (value: unknown) => string;
}

function display(value: unknown): string {
  // A value prints as Handlebars prints it: an object by its own toString, whatever that gives.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return value === undefined || value === null ? '' : String(value);
}

/** Light-markup escaping: emphasis markers, list dashes and backslashes become literal; line breaks become spaces. */
export function escapeMarkup(value: unknown): string {
  return display(value).replace(/[\\*_-]/g, '\\$&').replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
}

/** Handlebars' compilers are prototype-based "classes": extend them the way the library expects. */
function extend<Instance>(base: CompilerClass<Instance>, overrides: Record<string, unknown>): CompilerClass<Instance> {
  function Extended(this: unknown) {
    // no own state: the base constructors take none
  }
  const prototype: unknown = Object.create(base.prototype as object);
  Object.assign(prototype as object, overrides, { compiler: Extended });
  Extended.prototype = prototype;
  return Extended as unknown as CompilerClass<Instance>;
}

function callOutput(compiler: JavaScriptCompilerInternals, name: keyof OutputFunctions): void {
  compiler.pushSource(compiler.appendToBuffer([compiler.aliasable(`helpers.${OUTPUT}.${name}`), '(', compiler.popStack(), ')']));
}

function useEscapeFunction(environment: HandlebarsEnvironment): void {
  environment.JavaScriptCompiler = extend(environment.JavaScriptCompiler, {
    appendEscaped(this: JavaScriptCompilerInternals) {
      callOutput(this, 'escape');
    },
  });
}

function useQuotedPrintable(environment: HandlebarsEnvironment): void {
  const baseJavaScriptCompiler = environment.JavaScriptCompiler.prototype;
  environment.JavaScriptCompiler = extend(environment.JavaScriptCompiler, {
    appendContent(this: JavaScriptCompilerInternals, content: string) {
      baseJavaScriptCompiler.appendContent.call(this, encodeQuotedPrintableSegment(content));
    },
    appendEscaped(this: JavaScriptCompilerInternals) {
      callOutput(this, 'encodeEscaped');
    },
    appendEncoded(this: JavaScriptCompilerInternals) {
      callOutput(this, 'encode');
    },
  });
}

/**
 * How mustaches compile. An escaped one as usual. A raw one (`{{{…}}}`) prints raw only when
 * raw-output.ts allowed it, and then reads its path from the raw root of the merge data directly
 * (`@relance_raw_root`, set by the renderer: the sender and the campaign's own data only), not
 * through Handlebars' name resolution, which a block parameter or a block's context could
 * redirect to contact data. Any other raw mustache is compiled as an escaped one. In
 * quoted-printable mode, unescaped output gets its own opcode so that block output (already
 * encoded) is appended untouched.
 */
function useSafeRawOutput(environment: HandlebarsEnvironment, unescaped: 'append' | 'appendEncoded'): void {
  environment.Compiler = extend(environment.Compiler, {
    MustacheStatement(this: CompilerInternals, mustache: hbs.AST.MustacheStatement) {
      const allowed = mustache.escaped ? undefined : allowedRawPath(mustache);
      if (allowed) {
        this.opcode('getContext', 0);
        this.opcode('lookupData', 0, [RAW_ROOT_ENTRY, ...allowed], true);
        this.opcode(unescaped);
        return;
      }
      this.SubExpression(mustache);
      this.opcode(this.options.noEscape ? unescaped : 'appendEscaped');
    },
  });
}

function createEnvironment(mode: OutputMode): HandlebarsEnvironment {
  const environment = Handlebars.create() as HandlebarsEnvironment;
  for (const name of ['log', 'lookup', 'helperMissing']) environment.unregisterHelper(name);
  environment.unregisterDecorator('inline');
  for (const name of TEMPLATE_HELPERS) environment.registerHelper(name, HELPER_IMPLEMENTATIONS[name]);
  const output: OutputFunctions = {};
  if (mode === 'markup') {
    output.escape = escapeMarkup;
    useEscapeFunction(environment);
  }
  const quotedPrintable = mode === 'html-qp' || mode === 'text-qp';
  if (quotedPrintable) {
    output.encode = (value) => encodeQuotedPrintableSegment(display(value));
    output.encodeEscaped = (value) => encodeQuotedPrintableSegment(Handlebars.escapeExpression(value as string));
    useQuotedPrintable(environment);
  }
  useSafeRawOutput(environment, quotedPrintable ? 'appendEncoded' : 'append');
  environment.helpers[OUTPUT] = output as unknown as Handlebars.HelperDelegate;
  return environment;
}

/**
 * What Handlebars' runtime rebuilds on every top-level call — merged helpers, hooks, the
 * prototype-access policy — built once per environment instead. Rendering passes it the way the
 * runtime passes it to a partial (`partial: true`), which skips the rebuild: a third of the cost
 * of rendering a subject line. The policy is the same (no prototype properties or methods); only
 * `lookup` would need the wrapped helpers, and it is not available.
 */
interface PreparedRuntime {
  partial: true;
  helpers: Record<string, unknown>;
  hooks: Record<string, unknown>;
  partials: Record<string, never>;
  decorators: Record<string, never>;
  protoAccessControl: unknown;
}

function preparedRuntime(environment: HandlebarsEnvironment): PreparedRuntime {
  const { helperMissing: _missing, blockHelperMissing, ...helpers } = environment.helpers as Record<string, unknown>;
  return {
    partial: true,
    helpers,
    hooks: {
      blockHelperMissing,
      helperMissing: () => {
        throw new Error('unknown helper');
      },
    },
    partials: {},
    decorators: {},
    protoAccessControl: createProtoAccessControl(RUNTIME_OPTIONS),
  };
}

const environments = new Map<OutputMode, { environment: HandlebarsEnvironment; runtime: PreparedRuntime }>();

function environmentFor(mode: OutputMode): { environment: HandlebarsEnvironment; runtime: PreparedRuntime } {
  let entry = environments.get(mode);
  if (!entry) {
    const environment = createEnvironment(mode);
    entry = { environment, runtime: preparedRuntime(environment) };
    environments.set(mode, entry);
  }
  return entry;
}

const KNOWN_HELPERS = Object.fromEntries(TEMPLATE_HELPERS.map((name) => [name, true]));

const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowCallsToHelperMissing: false,
} as const;

/**
 * Compiles now (not lazily on first render, as Handlebars.compile would) so that syntax errors and
 * unknown helpers surface when the template is prepared, and returns a render function.
 */
export function compileTemplate(source: string | hbs.AST.Program, mode: OutputMode): CompiledTemplate {
  const { environment, runtime } = environmentFor(mode);
  const options = {
    data: true,
    strict: true,
    knownHelpers: KNOWN_HELPERS,
    knownHelpersOnly: true,
    noEscape: mode === 'text' || mode === 'text-qp',
    preventIndent: true,
  };
  const program = typeof source === 'string' ? environment.parse(source) : source;
  rawOutputs(program); // decides which raw outputs may print raw (the compiler escapes the rest)
  const compiled = new environment.Compiler().compile(program, options);
  const template = environment.template(new environment.JavaScriptCompiler().compile(compiled, options, undefined, true));
  // `root` is what the runtime's own setup would put in the data frame (@root). A literal of fixed
  // shape, not a spread: this runs several times per recipient.
  return (context, data) => {
    const frame: Record<string, unknown> = data ? Object.assign({ root: context }, data) : { root: context };
    frame.root = context;
    frame[RAW_ROOT_ENTRY] = rawRootOf(context) ?? NO_RAW_ROOT; // what allowed raw outputs read: never the caller's
    return template(context, {
      partial: true,
      helpers: runtime.helpers,
      hooks: runtime.hooks,
      partials: runtime.partials,
      decorators: runtime.decorators,
      protoAccessControl: runtime.protoAccessControl,
      data: frame,
    } as Handlebars.RuntimeOptions);
  };
}

/** The plain Handlebars call, for checking that the prepared runtime renders the same. */
export function compileTemplateWithFullSetup(source: string, mode: OutputMode): CompiledTemplate {
  const { environment } = environmentFor(mode);
  const program = environment.parse(source);
  rawOutputs(program);
  const template = environment.compile(program, { data: true, strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: mode === 'text' || mode === 'text-qp', preventIndent: true });
  return (context, data) => template(context, { ...RUNTIME_OPTIONS, data: { ...data, [RAW_ROOT_ENTRY]: rawRootOf(context) ?? NO_RAW_ROOT } });
}

/** Parses without compiling, for static analysis (same grammar as compileTemplate). */
export function parseTemplate(source: string): hbs.AST.Program {
  return Handlebars.parse(source);
}
