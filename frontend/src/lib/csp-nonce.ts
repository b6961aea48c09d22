import { z } from 'zod';

/** The page's Content-Security-Policy nonce, which the server writes into `<meta name="csp-nonce">`. */
const PLACEHOLDER = '__CSP_NONCE__';

/** Empty where there is none (the Vite dev server serves index.html as it is). */
export function cspNonce(): string {
  const value = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  return value === PLACEHOLDER ? '' : value;
}

declare global {
  // Read by react-style-singleton (Mantine's modals) for the style tag it inserts.
  var __webpack_nonce__: string | undefined;
}

/**
 * Lets the libraries that insert tags outside React carry the nonce, and keeps Zod from probing `Function('')`
 * (the policy allows no eval; the probe is caught, but Chromium reports it as a violation).
 */
export function applyCspNonce(): void {
  globalThis.__webpack_nonce__ = cspNonce() || undefined;
  z.config({ jitless: true });
}
