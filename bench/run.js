#!/usr/bin/env node
'use strict';
// `npm run bench <name> [-- options]`: runs dist/bench/<name>.bench.js (built by `npm ci` / `npm run build`).
// `npm run bench [-- --quick]` (no name): every benchmark, through dist/bench/suite.js.
const path = require('node:path');
const fs = require('node:fs');
const first = process.argv[2];
const name = !first || first.startsWith('--') ? 'suite' : first;
const options = name === 'suite' ? process.argv.slice(2) : process.argv.slice(3);
const dir = path.join(__dirname, '..', 'dist', 'bench');
const available = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.bench.js'))
      .map((f) => f.replace('.bench.js', ''))
  : [];
const file = name === 'suite' ? path.join(dir, 'suite.js') : path.join(dir, `${name}.bench.js`);
if (!fs.existsSync(file) || (name !== 'suite' && !available.includes(name))) {
  process.stderr.write(
    `usage: npm run bench [-- --quick] | npm run bench <${available.join('|') || 'name'}> [-- options]\n`,
  );
  process.exit(2);
}
require(file)
  .run(options)
  .then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
