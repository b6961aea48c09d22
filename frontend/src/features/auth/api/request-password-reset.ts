import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';

/** Answers alike whether or not an account uses the address. */
export function requestPasswordReset(input: { email: string }): Promise<AuthAnswer> {
  return authRequest('/auth/password/request', { method: 'POST', body: input });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
