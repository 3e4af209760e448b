#!/usr/bin/env node
// `npm run docs:check-links`: every relative link and #anchor in README.md and docs/**/*.md must
// resolve — the file or folder exists (HTML <a href> and <img src> included), and the anchor is a heading of the target page as GitHub
// names it (or an explicit <a id>/<a name>). External links (http:, https:, mailto:…) are not
// fetched. Exit 1 with one line per broken link, each naming its file and line.
// Usage: node scripts/check-doc-links.mjs [repository root]   (no dependency)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));

/** README.md and every Markdown page under docs/, as paths relative to the root. */
function pagesToCheck() {
  const pages = fs.existsSync(path.join(root, 'README.md')) ? ['README.md'] : [];
  const walk = (folder) => {
    const absolute = path.join(root, folder);
    if (!fs.existsSync(absolute)) return;
    for (const entry of fs
      .readdirSync(absolute, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) pages.push(relative);
    }
  };
  walk('docs');
  return pages;
}

/** The page's lines with fenced code blocks blanked out (line numbers kept). */
function proseLines(text) {
  let fence = null;
  return text.split(/\r?\n/).map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (closing && closing[1][0] === fence[0] && closing[1].length >= fence.length) fence = null;
      return '';
    }
    if (marker) {
      fence = marker[1];
      return '';
    }
    return line;
  });
}

/** Inline code spans removed, so that `[x](y)` written as code is not taken for a link. */
function withoutCodeSpans(line) {
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (span) => ' '.repeat(span.length));
}

/** GitHub's anchor for a heading (github-slugger): the rendered text, lower-cased, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading) {
  const text = heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: their alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/`/g, '')
    .replace(/\\(.)/g, '$1');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page defines: its headings (duplicates numbered -1, -2… as GitHub does) and explicit ids. */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const line of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (heading) {
      const base = githubSlug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(match[1]);
  }
  return anchors;
}

/** The links of a page: inline links and images `[text](target)`, HTML `<a href>` and `<img src>`, and reference definitions `[label]: target`. */
function linksOf(text) {
  const links = [];
  proseLines(text).forEach((raw, index) => {
    const line = withoutCodeSpans(raw);
    for (const match of line.matchAll(
      /\]\(\s*(<[^>]*>|[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    )) {
      links.push({ line: index + 1, target: match[1].replace(/^<|>$/g, '') });
    }
    for (const match of line.matchAll(/<(?:a|img)\s[^>]*?\b(?:href|src)\s*=\s*"([^"]*)"/gi))
      links.push({ line: index + 1, target: match[1] });
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) links.push({ line: index + 1, target: definition[1].replace(/^<|>$/g, '') });
  });
  return links;
}

const anchorCache = new Map();
function anchorsOfFile(file) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(fs.readFileSync(file, 'utf8')));
  return anchorCache.get(file);
}

/** Why a link does not resolve, or null when it does. */
function problemWith(page, target) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null; // external: not fetched
  const hashAt = target.indexOf('#');
  const pathPart = decodeURIComponent(hashAt === -1 ? target : target.slice(0, hashAt)).replace(/\?.*$/, '');
  const anchor = hashAt === -1 ? null : decodeURIComponent(target.slice(hashAt + 1));
  const file =
    pathPart === ''
      ? path.join(root, page)
      : path.join(pathPart.startsWith('/') ? root : path.dirname(path.join(root, page)), pathPart);
  if (
    !path
      .relative(root, file)
      .split(path.sep)
      .every((part) => part !== '..')
  )
    return `${pathPart} is outside the repository`;
  if (!fs.existsSync(file)) return `${path.relative(root, file) || pathPart} does not exist`;
  if (anchor === null || anchor === '') return null;
  if (fs.statSync(file).isDirectory() || !file.endsWith('.md')) return null; // anchors checked in Markdown pages only
  return anchorsOfFile(file).has(anchor) ? null : `no heading or anchor "#${anchor}" in ${path.relative(root, file)}`;
}

function main() {
  const pages = pagesToCheck();
  let checked = 0;
  const problems = [];
  for (const page of pages) {
    for (const link of linksOf(fs.readFileSync(path.join(root, page), 'utf8'))) {
      checked += 1;
      const problem = problemWith(page, link.target);
      if (problem) problems.push(`${page}:${link.line}: ${link.target}: ${problem}`);
    }
  }
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.stderr.write(
    `${checked} links in ${pages.length} pages: ${problems.length ? `${problems.length} broken` : 'all resolve'}\n`,
  );
  process.exitCode = problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
