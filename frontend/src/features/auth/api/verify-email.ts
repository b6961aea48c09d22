import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';
import { accountQueryKey } from './get-account';

/**
 * Sends the code mailed to the address. 400: a wrong code; 409: no code can work any more (too many
 * wrong ones, or nothing waits for one in this browser), so start again.
 */
export function verifyEmail(input: { key: string }): Promise<AuthAnswer> {
  return authRequest('/auth/email/verify', { method: 'POST', body: input });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountQueryKey }),
  });
}
