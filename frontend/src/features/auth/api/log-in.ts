import { useMutation } from '@tanstack/react-query';
import { authRequest } from './auth-client';
import type { Credentials } from './sign-up';
import { useSessionChange } from './use-session-change';

export function logIn(input: Credentials): Promise<number> {
  return authRequest('/auth/login', { method: 'POST', body: input });
}

export function useLogIn() {
  const sessionChanged = useSessionChange();
  return useMutation({ mutationFn: logIn, onSuccess: sessionChanged });
}
