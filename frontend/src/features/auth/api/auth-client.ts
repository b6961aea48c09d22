import { ApiError, apiUrl, readCookie, type FieldErrors } from '@/lib/api-client';

/** allauth's headless API for browsers (session cookie + CSRF), mounted under /api/auth/. */
const AUTH_BASE = '/api/auth/browser/v1';

interface AllauthError {
  message: string;
  code?: string;
  param?: string;
}

interface AllauthFlow {
  id: string;
  is_pending?: boolean;
}

/** The JSON allauth answers with: errors on a 4xx, otherwise data and meta. */
export interface AllauthBody {
  status?: number;
  data?: { flows?: AllauthFlow[] };
  meta?: { is_authenticated?: boolean };
  errors?: AllauthError[];
}

export interface AuthAnswer {
  status: number;
  body: AllauthBody | null;
}

/** What a sign-up or log-in led to: a session, or a code mailed to the address that finishes it. */
export type SignInOutcome = 'signed-in' | 'code-sent';

/** A 401 whose pending flow waits for the code allauth mailed to the address. */
export function awaitsEmailCode({ status, body }: AuthAnswer): boolean {
  return status === 401 && (body?.data?.flows ?? []).some((flow) => flow.id === 'verify_email' && flow.is_pending);
}

export function signInOutcome(answer: AuthAnswer): SignInOutcome {
  return awaitsEmailCode(answer) ? 'code-sent' : 'signed-in';
}

/** The form field an allauth error belongs to (`password1` is the sign-up password). */
function fieldOf(param: string): string {
  if (param === 'password1' || param === 'new_password') return 'password';
  return param;
}

const STATUS_MESSAGES: Record<number, string> = {
  403: 'Your session expired. Reload the page and try again.',
  429: 'Too many tries in a short time. Wait a few seconds and try again.',
};

/**
 * Calls allauth. A 401 from the session endpoints means "not signed in", and one with a pending
 * e-mail verification means "type the code we mailed": both are answers, not errors. Other 4xx become
 * ApiError with one message per field, like the rest of the API; `messages` words the bare ones.
 */
export async function authRequest(
  path: string,
  init: { method?: string; body?: unknown } = {},
  { okStatuses = [200], messages = {} }: { okStatuses?: number[]; messages?: Record<number, string> } = {},
): Promise<AuthAnswer> {
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
  let body: AllauthBody | null = null;
  try {
    body = (await response.json()) as AllauthBody;
  } catch {
    // Not JSON: the status says it all.
  }
  const answer = { status: response.status, body };
  if (okStatuses.includes(response.status) || awaitsEmailCode(answer)) return answer;
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  const fieldErrors: FieldErrors = {};
  for (const error of errors) {
    if (error.param) fieldErrors[fieldOf(error.param)] ??= error.message;
  }
  const message =
    errors[0]?.message ??
    messages[response.status] ??
    STATUS_MESSAGES[response.status] ??
    `Request failed (${response.status})`;
  throw new ApiError(response.status, message, fieldErrors);
}
