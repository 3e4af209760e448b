/** Thrown by a field normaliser; the row validator turns it into `{line, field, reason}`. */
export class FieldError extends Error {}

export function fail(reason: string): never {
  throw new FieldError(reason);
}
