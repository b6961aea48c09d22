import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';

/** Mails a new code for the verification under way (allauth allows one every few seconds: 429). */
export function resendEmailCode(): Promise<AuthAnswer> {
  return authRequest('/auth/email/verify/resend', { method: 'POST' });
}

export function useResendEmailCode() {
  return useMutation({ mutationFn: resendEmailCode });
}
