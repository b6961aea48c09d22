import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';
import { useSessionChange } from './use-session-change';

/** Sets a new password with the key from the e-mail; 401 means "done, now log in". */
export function resetPassword(input: { key: string; password: string }): Promise<AuthAnswer> {
  return authRequest('/auth/password/reset', { method: 'POST', body: input }, { okStatuses: [200, 401] });
}

export function useResetPassword() {
  const sessionChanged = useSessionChange();
  return useMutation({ mutationFn: resetPassword, onSuccess: sessionChanged });
}
