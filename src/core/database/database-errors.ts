import { DomainError } from '../errors/domain-error';

/**
 * A PostgreSQL error that the input caused (a value the schema refuses), as a DomainError with a
 * code and a message naming the constraint or field in plain words; undefined for anything else
 * (a bug, the server going away), which stays an internal error. The HTTP filter and the CLI both
 * call it, so no QueryFailedError reaches a user as a 500 or a stack trace. Validation should
 * refuse such input first: this is the net under it.
 */
interface PostgresError {
  code: string;
  message?: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

function postgresErrorOf(error: unknown): PostgresError | undefined {
  const candidate = (error as { driverError?: unknown } | undefined)?.driverError ?? error;
  const code = (candidate as { code?: unknown } | undefined)?.code;
  // SQLSTATE: five digits or upper-case letters; Node's own codes (ECONNREFUSED…) never match.
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return candidate as PostgresError;
}

/** `Key (external_id)=(C1) already exists.` → the columns and the values. */
function keyOf(detail: string | undefined): { columns: string; values: string } | undefined {
  const match = /Key \((.+?)\)=\((.*)\)/.exec(detail ?? '');
  return match ? { columns: match[1], values: match[2] } : undefined;
}

/** `complaints_type_check` on table complaints → `type`. */
function fieldOfConstraint(constraint: string | undefined, table: string | undefined): string | undefined {
  if (!constraint) return undefined;
  const withoutTable = table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
  return withoutTable.replace(/_(check|key|fkey|pkey|unique|uq)$/, '') || undefined;
}

const shorten = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

function uniqueViolation(error: PostgresError): DomainError {
  const key = keyOf(error.detail);
  const field = key?.columns ?? fieldOfConstraint(error.constraint, error.table) ?? 'value';
  const what = key ? `${key.columns} "${shorten(key.values)}"` : `this ${field}`;
  const where = error.table ? ` in ${error.table}` : '';
  return DomainError.conflict(
    'database.duplicate',
    `${what} already exists${where} (unique constraint ${error.constraint ?? 'unnamed'})`,
    {
      fields: [{ field, reason: 'already exists' }],
    },
  );
}

function checkViolation(error: PostgresError): DomainError {
  const field = fieldOfConstraint(error.constraint, error.table) ?? 'value';
  return DomainError.invalid(
    'database.check_violation',
    `${field}: value not allowed${error.table ? ` in ${error.table}` : ''} (check constraint ${error.constraint ?? 'unnamed'})`,
    {
      fields: [{ field, reason: 'value not allowed' }],
    },
  );
}

function foreignKeyViolation(error: PostgresError): DomainError {
  const key = keyOf(error.detail);
  const field = key?.columns ?? fieldOfConstraint(error.constraint, error.table) ?? 'reference';
  const referencedBy = /referenced from table "([^"]+)"/.exec(error.detail ?? '');
  if (referencedBy) {
    return DomainError.conflict(
      'database.still_referenced',
      `${error.table ?? 'this row'} ${key ? `${key.columns} "${shorten(key.values)}" ` : ''}is still used by ${referencedBy[1]} (foreign key ${error.constraint ?? 'unnamed'})`,
      {
        fields: [{ field, reason: `still used by ${referencedBy[1]}` }],
      },
    );
  }
  const target = /not present in table "([^"]+)"/.exec(error.detail ?? '')?.[1];
  return DomainError.invalid(
    'database.unknown_reference',
    `${field}${key ? ` "${shorten(key.values)}"` : ''}: no such ${target ?? 'row'} (foreign key ${error.constraint ?? 'unnamed'})`,
    {
      fields: [{ field, reason: `refers to no existing ${target ?? 'row'}` }],
    },
  );
}

function notNullViolation(error: PostgresError): DomainError {
  const field = error.column ?? 'value';
  return DomainError.invalid(
    'database.missing_value',
    `${field}: is required${error.table ? ` in ${error.table}` : ''}`,
    { fields: [{ field, reason: 'is required' }] },
  );
}

/**
 * Data exceptions a value from outside can cause: wrong shape (`invalid input syntax for type
 * integer: "NaN"`), out of range, too long, a bad date, a negative LIMIT or OFFSET, a character
 * the encoding cannot hold. Others of class 22 (a division by zero) are bugs and stay internal.
 */
const INPUT_DATA_EXCEPTIONS = new Set([
  '22P02',
  '22003',
  '22001',
  '22007',
  '22008',
  '2201W',
  '2201X',
  '22021',
  '22P05',
  '2201B',
]);

function dataException(error: PostgresError): DomainError {
  const reason = shorten(error.message ?? 'invalid value');
  const code = error.code === '22003' ? 'database.out_of_range' : 'database.invalid_value';
  return DomainError.invalid(code, `invalid value: ${reason}`, {
    fields: [{ field: error.column ?? 'value', reason }],
  });
}

export function domainErrorFromDatabase(error: unknown): DomainError | undefined {
  const postgres = postgresErrorOf(error);
  if (!postgres) return undefined;
  switch (postgres.code) {
    case '23505':
      return uniqueViolation(postgres);
    case '23514':
      return checkViolation(postgres);
    case '23503':
      return foreignKeyViolation(postgres);
    case '23502':
      return notNullViolation(postgres);
    default:
      return INPUT_DATA_EXCEPTIONS.has(postgres.code) ? dataException(postgres) : undefined;
  }
}
