#!/usr/bin/env node
// `npm run lint:shape`: every source file under src/ stays within 300 lines and every function (declaration,
// method, constructor, arrow or function expression) within 60, so a long one is split along its seams while it is
// still small enough to read (issue 16). Spec files are not measured. Lines are counted as the shared measuring tool
// counts them, so both agree: a file is its text split on "\n" (a final newline adds one), a function runs from its
// first token (decorators and modifiers included) to its closing brace, both lines counted.
// Prints one `file:line name N lines` per offender and exits 1 if there is any.
// Usage: node scripts/check-shape.mjs [folder to measure, default src]   (needs typescript)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MAXIMUM_FILE_LINES = 300;
export const MAXIMUM_FUNCTION_LINES = 60;

/** Every .ts file under the folder, specs left out, in a stable order. */
function sourceFiles(folder) {
  const files = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) files.push(full);
  }
  return files;
}

function isMeasuredFunction(node) {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isConstructorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** A readable name: the declared one, else what the function is assigned to or passed to. */
function functionName(node, sourceFile) {
  if (ts.isConstructorDeclaration(node)) return `${className(node.parent)}.constructor`;
  if (ts.isMethodDeclaration(node)) return `${className(node.parent)}.${node.name.getText(sourceFile)}`;
  if (node.name) return node.name.getText(sourceFile);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(sourceFile);
  }
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sourceFile)})`;
  return '(anonymous)';
}

function className(node) {
  return node.name ? node.name.text : '(anonymous class)';
}

/** The offenders of one file, as `file:line name N lines`. */
export function measureFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  const offenders = [];
  const fileLines = text.split('\n').length;
  if (fileLines > MAXIMUM_FILE_LINES) offenders.push(`${file}:1 (file) ${fileLines} lines`);
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (position) => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node) => {
    if (isMeasuredFunction(node)) {
      const first = lineOf(node.getStart(sourceFile));
      const lines = lineOf(node.end) - first + 1;
      if (lines > MAXIMUM_FUNCTION_LINES)
        offenders.push(`${file}:${first} ${functionName(node, sourceFile)} ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return offenders;
}

/** The offenders under a folder; paths are printed relative to the working directory. */
export function measureFolder(folder) {
  return sourceFiles(folder).flatMap((file) => measureFile(path.relative(process.cwd(), file) || file));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  const folder = path.resolve(process.argv[2] ?? path.join(root, 'src'));
  const offenders = measureFolder(folder);
  for (const offender of offenders) console.log(offender);
  if (offenders.length > 0) {
    console.error(
      `${offenders.length} over the limits (${MAXIMUM_FILE_LINES} lines a file, ${MAXIMUM_FUNCTION_LINES} a function): split along a real seam.`,
    );
    process.exit(1);
  }
}
