import { useMutation } from '@tanstack/react-query';
import { authRequest } from './auth-client';
import { useSessionChange } from './use-session-change';

export interface Credentials {
  email: string;
  password: string;
}

export function signUp(input: Credentials): Promise<number> {
  return authRequest('/auth/signup', { method: 'POST', body: input });
}

export function useSignUp() {
  const sessionChanged = useSessionChange();
  return useMutation({ mutationFn: signUp, onSuccess: sessionChanged });
}
