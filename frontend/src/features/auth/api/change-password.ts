import { useMutation } from '@tanstack/react-query';
import { authRequest, type AuthAnswer } from './auth-client';

export function changePassword(input: { current_password: string; new_password: string }): Promise<AuthAnswer> {
  return authRequest('/account/password/change', { method: 'POST', body: input });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
