import { ApiError, apiUrl, readCookie, type FieldErrors } from '@/lib/api-client';

/** allauth's headless API for browsers (session cookie + CSRF), mounted under /api/auth/. */
const AUTH_BASE = '/api/auth/browser/v1';

interface AllauthError {
  message: string;
  code?: string;
  param?: string;
}

function isAllauthErrors(value: unknown): value is { errors: AllauthError[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { errors?: unknown }).errors)
  );
}

/** The form field an allauth error belongs to (`password1` is the sign-up password). */
function fieldOf(param: string): string {
  if (param === 'password1' || param === 'new_password') return 'password';
  return param;
}

/**
 * Calls allauth. A 401 from the session endpoints means "not signed in" and is an answer, not an
 * error; other 4xx become ApiError with one message per field, like the rest of the API.
 */
export async function authRequest(
  path: string,
  init: { method?: string; body?: unknown } = {},
  { okStatuses = [200] }: { okStatuses?: number[] } = {},
): Promise<number> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = readCookie('csrftoken');
  if (token) headers['X-CSRFToken'] = token;
  const response = await fetch(apiUrl(`${AUTH_BASE}${path}`), {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (okStatuses.includes(response.status)) return response.status;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall back to the status.
  }
  const errors = isAllauthErrors(body) ? body.errors : [];
  const fieldErrors: FieldErrors = {};
  for (const error of errors) {
    if (error.param) fieldErrors[fieldOf(error.param)] ??= error.message;
  }
  const message =
    errors[0]?.message ??
    (response.status === 403
      ? 'Your session expired. Reload the page and try again.'
      : `Request failed (${response.status})`);
  throw new ApiError(response.status, message, fieldErrors);
}
