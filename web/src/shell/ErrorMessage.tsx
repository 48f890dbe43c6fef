import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { errorText, kindKey } from '../errors/error-text';

/**
 * An API (or unexpected) error as the user sees it: what kind of problem and what happened, in
 * the UI's language (errors namespace, by the error's stable code). The server's own words and
 * the code stay one click away under "details", for whoever the user calls.
 */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation('shell');
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const kind = apiError?.kind ?? 'internal';
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t(`error.kind.${kindKey(kind)}`)}</strong>
      <span className="alert-message">{errorText(i18n, error)}</span>
      <details className="alert-details">
        <summary>{t('errors:ui.details')}</summary>
        {apiError && <code className="alert-code">{apiError.code}</code>}
        <span className="alert-raw">{apiError ? apiError.message : String((error as Error)?.message ?? error)}</span>
      </details>
    </div>
  );
}

/** The error's text beside the field it blamed (details.field), for forms. */
export function FieldError({ error, field }: { error: unknown; field: string }) {
  const { i18n } = useTranslation('shell');
  if (!(error instanceof ApiError) || !error.field) return null;
  const f = error.field;
  if (f !== field && !f.startsWith(`${field}.`)) return null;
  return (
    <span className="field-error" role="alert">
      {errorText(i18n, error)}
    </span>
  );
}

/** True when the error is about one field that a FieldError on the page will show. */
export function isFieldError(error: unknown, fields: string[]): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const f = error.field;
  return fields.some((x) => f === x || f.startsWith(`${x}.`));
}
