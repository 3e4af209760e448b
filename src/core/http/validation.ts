import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, type FieldProblem } from '../errors/domain-error';
import { assertJsonDepth } from './json-depth';

/** Checks of what a value is: when one fails, the range checks failing beside it ("must not be greater than 365" for "abc") only add noise. */
const TYPE_CHECKS = new Set([
  'isInt',
  'isNumber',
  'isString',
  'isBoolean',
  'isDateString',
  'isIso8601',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isUuid',
]);

function reasonsOf(error: ValidationError): string[] {
  const constraints = Object.entries(error.constraints ?? {});
  const typeProblems = constraints.filter(([name]) => TYPE_CHECKS.has(name));
  return (typeProblems.length ? typeProblems : constraints).map(([, reason]) => reason);
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = reasonsOf(error).map((reason) => ({ field, reason }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** The global pipe: a body nested too deep is refused before class-transformer and the pipe recurse on it. */
class DepthCheckingValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertJsonDepth(value);
    return super.transform(value, metadata);
  }
}

/** Whitelisting, unknown fields refused, and a 400 that lists every offending field. */
export function createValidationPipe(): ValidationPipe {
  return new DepthCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return DomainError.invalid(
        'validation.failed',
        `invalid request: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`,
        { fields },
      );
    },
  });
}

/** The same checks as the HTTP pipe for input read elsewhere (a JSON file given to the CLI): the typed object, or a 400-kind error naming the fields. */
export function validateInput<T extends object>(type: new () => T, plain: unknown, code = 'validation.failed'): T {
  assertJsonDepth(plain);
  const instance = plainToInstance(type, plain ?? {});
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const fields = flatten(errors);
    throw DomainError.invalid(code, `invalid input: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`, {
      fields,
    });
  }
  return instance;
}
