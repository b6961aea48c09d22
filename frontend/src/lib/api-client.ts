import { env } from '@/config/env';

/** Field path (`tempo`, `instruments.1.role`) → first message. */
export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: FieldErrors;

  constructor(status: number, message: string, fieldErrors: FieldErrors = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens DRF-style error trees (`{instruments: [{}, {role: ["…"]}]}` or
 * `{"instruments.1.role": ["…"]}`) into dotted paths with their first message.
 */
export function flattenFieldErrors(tree: unknown, prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      out[path] ??= node;
    } else if (Array.isArray(node)) {
      if (node.every((item) => typeof item === 'string')) {
        if (node.length > 0) out[path] ??= node[0] as string;
      } else {
        node.forEach((item, index) => visit(item, path ? `${path}.${index}` : String(index)));
      }
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        visit(value, path ? `${path}.${key}` : key);
      }
    }
  };
  visit(tree, prefix);
  return out;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, an empty body): fall back to the status text.
  }
  const message =
    isRecord(body) && typeof body.message === 'string'
      ? body.message
      : `Request failed (${response.status} ${response.statusText})`.trim();
  const fields = isRecord(body) && isRecord(body.extra) ? body.extra.fields : undefined;
  return new ApiError(response.status, message, flattenFieldErrors(fields));
}

export function apiUrl(path: string): string {
  return new URL(`${env.apiBaseUrl}${path}`, window.location.origin).toString();
}

/** The one way the app talks to the API: JSON in and out, session cookie, CSRF header. */
export async function apiRequest<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method)) {
    const token = readCookie('csrftoken');
    if (token) headers['X-CSRFToken'] = token;
  }
  const response = await fetch(apiUrl(path), {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T; // No Content: a delete
  return (await response.json()) as T;
}
