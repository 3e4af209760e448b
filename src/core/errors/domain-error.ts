/**
 * Every error a user can cause or fix is a DomainError: it carries a stable code
 * (`<module>.<reason>`), a kind that decides the HTTP status and CLI exit code,
 * and a message that says what and where. Stack traces are for bugs only.
 */
export type DomainErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'unavailable' | 'rate_limited';

export interface FieldProblem {
  field: string;
  reason: string;
  line?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(code: string, message: string, details?: DomainError['details']): DomainError {
    return new DomainError(code, 'invalid', message, details);
  }

  static notFound(code: string, message: string): DomainError {
    return new DomainError(code, 'not_found', message);
  }

  static conflict(code: string, message: string, details?: DomainError['details']): DomainError {
    return new DomainError(code, 'conflict', message, details);
  }

  static unavailable(code: string, message: string): DomainError {
    return new DomainError(code, 'unavailable', message);
  }
}

export const HTTP_STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};
