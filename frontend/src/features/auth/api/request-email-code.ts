import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';

/** allauth answers 403 when it sent a code a moment ago and will not send another yet. */
const NOT_SENT = 'A code was sent a moment ago. Wait a few seconds and try again.';

/** Mails a code that verifies the signed-in user's address (for accounts made before verification). */
export function requestEmailCode(input: { email: string }): Promise<AuthAnswer> {
  return authRequest('/account/email', { method: 'PUT', body: input }, { messages: { 403: NOT_SENT } });
}

export function useRequestEmailCode() {
  return useMutation({ mutationFn: requestEmailCode });
}
