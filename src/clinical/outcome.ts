import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyError } from 'fastify';
import { HTTP_STATUS, KibanError, type ErrorKind } from '../errors.js';

/** Kiban's stable error codes travel in OperationOutcome.issue.details.coding with this system. */
export const KIBAN_ERROR_SYSTEM = 'https://kiban.example.org/fhir/CodeSystem/error-code';

/** The FHIR issue type (http://hl7.org/fhir/issue-type) of each error kind. */
const ISSUE_CODE: Record<ErrorKind, OperationOutcomeIssue['code']> = {
  invalid_input: 'invalid', unauthenticated: 'login', forbidden: 'forbidden', not_found: 'not-found', conflict: 'conflict',
  precondition_failed: 'conflict', unprocessable: 'business-rule', too_many_requests: 'throttled', check_failed: 'processing',
  usage: 'invalid', internal: 'exception',
};

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** An error whose details carry FHIR issues (validation) keeps them; any other becomes one issue. */
export function errorOutcome(err: KibanError): OperationOutcome {
  const issues = err.details.issues as OperationOutcomeIssue[] | undefined;
  const coded = { coding: [{ system: KIBAN_ERROR_SYSTEM, code: err.code }], text: err.message };
  if (issues?.length) return outcome(issues.map((i) => ({ ...i, details: i.details ?? coded })));
  const field = err.details.field;
  return outcome([{
    severity: 'error', code: ISSUE_CODE[err.kind], details: coded, diagnostics: err.message,
    ...(typeof field === 'string' && field ? { expression: [field] } : {}),
  }]);
}

/** The HTTP status and OperationOutcome of any error thrown under /fhir (the plugin's one mapping). */
export function toOutcome(err: unknown): { status: number; body: OperationOutcome; internal: boolean } {
  if (err instanceof KibanError) return { status: HTTP_STATUS[err.kind], body: errorOutcome(err), internal: false };
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const e = new KibanError('invalid_input', fe.code ?? 'BAD_REQUEST', fe.message);
    return { status: fe.statusCode, body: errorOutcome(e), internal: false };
  }
  return { status: 500, body: errorOutcome(new KibanError('internal', 'INTERNAL', 'internal error')), internal: true };
}

/** A validation failure: 400 for structure (R4 base), 422 for profile and business rules. */
export function invalidResource(kind: 'invalid_input' | 'unprocessable', issues: OperationOutcomeIssue[]): KibanError {
  const first = issues[0];
  const what = first?.diagnostics ?? first?.details?.text ?? 'invalid resource';
  const where = first?.expression?.[0];
  const message = where && !what.startsWith(where) ? `${where}: ${what}` : what;
  return new KibanError(kind, kind === 'invalid_input' ? 'FHIR_INVALID' : 'FHIR_RULE', message, { issues, ...(where ? { field: where } : {}) });
}
