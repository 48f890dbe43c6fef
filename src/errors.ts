/**
 * The one error model (STYLE §4). Services throw KibanError; it is mapped to HTTP in
 * src/http/error-handler.ts and to an exit code in src/cli/handle-error.ts, nowhere else.
 */

export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'unprocessable'
  | 'too_many_requests'
  | 'check_failed'
  | 'usage'
  | 'internal';

/** Where bad input was found. `file` and `line` are added at the I/O edge; pure code names the field. */
export interface ErrorDetails {
  file?: string;
  line?: number;
  field?: string;
  rule?: string;
  [key: string]: unknown;
}

export class KibanError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'KibanError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  too_many_requests: 429,
  check_failed: 422,
  usage: 400,
  internal: 500,
};

export const EXIT_CODE: Record<ErrorKind, number> = {
  invalid_input: 3,
  unauthenticated: 5,
  forbidden: 5,
  not_found: 4,
  conflict: 6,
  precondition_failed: 6,
  unprocessable: 3,
  too_many_requests: 5,
  check_failed: 1,
  usage: 2,
  internal: 70,
};

export function invalidInput(code: string, message: string, details: ErrorDetails = {}): KibanError {
  return new KibanError('invalid_input', code, message, details);
}

export function notFound(what: string, id: string | number): KibanError {
  return new KibanError('not_found', 'NOT_FOUND', `${what} ${id} not found`, { entity: what, id });
}

export function conflict(code: string, message: string, details: ErrorDetails = {}): KibanError {
  return new KibanError('conflict', code, message, details);
}

export function forbidden(message = 'not allowed', details: ErrorDetails = {}): KibanError {
  return new KibanError('forbidden', 'FORBIDDEN', message, details);
}

/**
 * Adds the file (and line, if not already set) to an invalid_input error raised by pure code,
 * so that the message reads `in.vcf.gz:1042: INFO/DP: expected Integer, got "abc"`.
 */
export function atLocation(err: unknown, file: string, line?: number): unknown {
  if (!(err instanceof KibanError) || err.details.file) return err;
  const where = line === undefined ? file : `${file}:${err.details.line ?? line}`;
  const located = new KibanError(err.kind, err.code, `${where}: ${err.message}`, {
    ...err.details,
    file,
    line: err.details.line ?? line,
  });
  located.stack = err.stack;
  return located;
}
