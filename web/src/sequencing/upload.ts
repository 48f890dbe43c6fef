import type { Static } from 'typebox';
import type { UploadQuery, UploadResult as UploadResultSchema } from '../../../src/intake/schemas.js';
import { apiErrorOf, ApiError, currentCsrfToken, withQuery } from '../api';

export type UploadResult = Static<typeof UploadResultSchema>;

/**
 * POSTs the file as the request body (the server streams and hashes it; src/intake/routes.ts) with
 * its SHA-256. XHR rather than fetch: fetch cannot report upload progress.
 */
export function uploadFile(
  caseId: string, query: UploadQuery, file: Blob, sha256: string, onProgress: (sentBytes: number) => void,
): { done: Promise<UploadResult>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', `/api${withQuery(`/cases/${encodeURIComponent(caseId)}/result-files`, query)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-content-sha256', sha256);
    xhr.setRequestHeader('x-csrf-token', currentCsrfToken());
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status === 201) resolve(JSON.parse(xhr.responseText) as UploadResult);
      else reject(apiErrorOf(xhr.status, xhr.responseText, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK', kind: 'network', message: 'upload interrupted', details: {} }));
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
