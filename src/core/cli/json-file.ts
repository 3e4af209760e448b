import * as fs from 'node:fs';
import { DomainError } from '../errors/domain-error';
import { fieldNestedTooDeep, MAX_JSON_DEPTH } from '../http/json-depth';

/** A JSON file given on the command line; errors name the file (`<module>.file_not_found`, `<module>.bad_json`, `<module>.too_deep`). */
export function readJsonFile(file: string, module: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw DomainError.notFound(`${module}.file_not_found`, `${file}: no such file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw DomainError.invalid(`${module}.bad_json`, `${file}: not valid JSON (${(error as Error).message})`);
  }
  const field = fieldNestedTooDeep(value);
  if (field !== undefined) {
    const reason = `nests more than ${MAX_JSON_DEPTH} levels deep`;
    throw DomainError.invalid(`${module}.too_deep`, `${file}: ${field} ${reason}`, { fields: [{ field, reason }] });
  }
  return value;
}
