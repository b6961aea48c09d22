/**
 * The code as the e-mail prints it (`NZTC-WXBS`), from what was typed: lower case, spaces or no
 * dash are fine. Anything else goes as typed, upper-cased, and the server says whether it is right.
 */
export function normaliseEmailCode(typed: string): string {
  const code = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : typed.trim().toUpperCase();
}
