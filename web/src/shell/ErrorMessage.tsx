import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** An API (or unexpected) error as the user sees it: what kind of problem, and the server's words. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation('shell');
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const kind = apiError?.kind ?? 'internal';
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t(`error.kind.${kindKey(kind)}`)}</strong>
      <span className="alert-message">{apiError ? apiError.message : String((error as Error)?.message ?? error)}</span>
      {apiError && <code className="alert-code">{apiError.code}</code>}
    </div>
  );
}

const KNOWN_KINDS = ['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_many_requests', 'network', 'internal'];

function kindKey(kind: string): string {
  return KNOWN_KINDS.includes(kind) ? kind : 'internal';
}

/** The server's message beside the field it blamed (details.field), for forms. */
export function FieldError({ error, field }: { error: unknown; field: string }) {
  if (!(error instanceof ApiError) || !error.field) return null;
  const f = error.field;
  if (f !== field && !f.startsWith(`${field}.`)) return null;
  return (
    <span className="field-error" role="alert">
      {error.message}
    </span>
  );
}

/** True when the error is about one field that a FieldError on the page will show. */
export function isFieldError(error: unknown, fields: string[]): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const f = error.field;
  return fields.some((x) => f === x || f.startsWith(`${x}.`));
}
