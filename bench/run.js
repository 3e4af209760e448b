#!/usr/bin/env node
'use strict';
// `npm run bench <name> [-- options]`: runs dist/bench/<name>.bench.js (built by `npm ci` / `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const name = process.argv[2];
const dir = path.join(__dirname, '..', 'dist', 'bench');
const available = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.bench.js'))
      .map((f) => f.replace('.bench.js', ''))
  : [];
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench <${available.join('|') || 'name'}> [-- options]\n`);
  process.exit(2);
}
require(path.join(dir, `${name}.bench.js`))
  .run(process.argv.slice(3))
  .then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
