// bin/relance.js for the TypeScript sources: what cli-process.ts starts in a child process.
import { main } from '../../src/app/main';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`relance: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
