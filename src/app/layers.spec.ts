import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The layering of docs/architecture.md, so `npm test` fails as `npm run lint:layers` does.
describe('layers', () => {
  it('has no upward import and no folder cycle under src/', () => {
    const script = path.join(__dirname, '..', '..', 'scripts', 'check-layers.mjs');
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
