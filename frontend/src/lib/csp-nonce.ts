/** The page's Content-Security-Policy nonce, which the server writes into `<meta name="csp-nonce">`. */
const PLACEHOLDER = '__CSP_NONCE__';

/** Empty where there is none (the Vite dev server serves index.html as it is). */
export function cspNonce(): string {
  const value = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  return value === PLACEHOLDER ? '' : value;
}
