#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'app', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'relance: not built yet; run `npm ci` (or `npm run build`) in ' + path.join(__dirname, '..') + '\n',
  );
  process.exit(1);
}
require(entry)
  .main(process.argv)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write('relance: unexpected error: ' + (error && error.stack ? error.stack : String(error)) + '\n');
      process.exitCode = 1;
    },
  );
