// Bundles the web console's script and style sheet (assets/console/) into dist/console-assets/,
// from npm packages (htmx, Chart.js; CodeMirror for the e-mail editor, a bundle of its own): relance serves them itself, no CDN. Run by `npm run build`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [
    path.join(root, 'assets/console/console.ts'),
    path.join(root, 'assets/console/console.css'),
    // The e-mail editor's CodeMirror, loaded by its page only (/modeles/:id/email).
    path.join(root, 'assets/console/email-editor.ts'),
  ],
  outdir: path.join(root, 'dist/console-assets'),
  bundle: true,
  minify: true,
  sourcemap: 'external',
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  legalComments: 'external',
  logLevel: 'warning',
  entryNames: '[name]',
});
