import * as fs from 'node:fs';
import { DomainError } from '../core/errors/domain-error';

/** A JSON file given on the command line; errors name the file (`<module>.file_not_found`, `<module>.bad_json`). */
export function readJsonFile(file: string, module: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw DomainError.notFound(`${module}.file_not_found`, `${file}: no such file`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw DomainError.invalid(`${module}.bad_json`, `${file}: not valid JSON (${(error as Error).message})`);
  }
}
