import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';
import { useSessionChange } from './use-session-change';

/** allauth answers 401 ("no session") once the session has ended. */
export function logOut(): Promise<AuthAnswer> {
  return authRequest('/auth/session', { method: 'DELETE' }, { okStatuses: [200, 401] });
}

export function useLogOut() {
  const sessionChanged = useSessionChange();
  return useMutation({ mutationFn: logOut, onSuccess: sessionChanged });
}
