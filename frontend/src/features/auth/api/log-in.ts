import { useMutation } from '@tanstack/react-query';
import { authRequest, signInOutcome, type SignInOutcome } from './auth-client';
import type { Credentials } from './sign-up';
import { useSessionChange } from './use-session-change';

/** An account whose address is not verified yet gets a code by e-mail instead of a session. */
export async function logIn(input: Credentials): Promise<SignInOutcome> {
  return signInOutcome(await authRequest('/auth/login', { method: 'POST', body: input }));
}

export function useLogIn() {
  const sessionChanged = useSessionChange();
  return useMutation({
    mutationFn: logIn,
    onSuccess: async (outcome) => {
      if (outcome === 'signed-in') await sessionChanged();
    },
  });
}
