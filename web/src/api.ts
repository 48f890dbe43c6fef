/**
 * The one HTTP client of the web UI. Every API error arrives as
 * `{ error: { code, kind, message, details } }` (src/http/error-handler.ts) and becomes an ApiError;
 * network failures become kind `network`. Cookie sessions echo the CSRF token on state changes.
 */
export interface ApiErrorBody {
  code: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly kind: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.kind = body.kind;
    this.details = body.details ?? {};
  }

  /** The field path the server blamed, without the `body.` prefix Fastify validation adds. */
  get field(): string | undefined {
    const f = this.details.field;
    return typeof f === 'string' && f ? f.replace(/^(body|querystring|params)\./, '') : undefined;
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** For the one request that cannot go through fetch: an upload that reports its progress (XHR). */
export function currentCsrfToken(): string {
  return csrfToken;
}

export function apiErrorOf(status: number, text: string, statusText: string): ApiError {
  const errBody = (safeJson(text) as { error?: ApiErrorBody } | undefined)?.error;
  return new ApiError(status, errBody ?? { code: `HTTP_${status}`, kind: kindForStatus(status), message: statusText, details: {} });
}

/** Called when any request answers 401 (session expired or revoked), so the shell can show login. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'NETWORK', kind: 'network', message: (err as Error).message, details: {} });
  }
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const errBody = (parsed as { error?: ApiErrorBody } | undefined)?.error;
    const error = new ApiError(res.status, errBody ?? { code: `HTTP_${res.status}`, kind: kindForStatus(res.status), message: res.statusText, details: {} });
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw error;
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function kindForStatus(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'internal';
  return 'invalid_input';
}

export const api = {
  get: <T>(path: string, query: Query = {}, signal?: AbortSignal) => apiRequest<T>('GET', withQuery(path, query), undefined, signal),
  post: <T>(path: string, body: unknown = {}) => apiRequest<T>('POST', path, body),
};

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
