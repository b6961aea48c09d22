import { useMutation } from '@tanstack/react-query';
import { authRequest } from './auth-client';

export function requestPasswordReset(input: { email: string }): Promise<number> {
  return authRequest('/auth/password/request', { method: 'POST', body: input });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
