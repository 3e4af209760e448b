import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem } from '../errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** Whitelisting, unknown fields refused, and a 400 that lists every offending field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
