import { useMutation } from '@tanstack/react-query';
import { authRequest, signInOutcome, type SignInOutcome } from './auth-client';
import { useSessionChange } from './use-session-change';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Answers "code sent" both for a new address and for one that already has an account (whose owner is
 * mailed instead), so the form never tells whether an address is taken.
 */
export async function signUp(input: Credentials): Promise<SignInOutcome> {
  return signInOutcome(await authRequest('/auth/signup', { method: 'POST', body: input }));
}

export function useSignUp() {
  const sessionChanged = useSessionChange();
  return useMutation({
    mutationFn: signUp,
    onSuccess: async (outcome) => {
      if (outcome === 'signed-in') await sessionChanged();
    },
  });
}
