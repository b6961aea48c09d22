import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { useSessionChange } from './use-session-change';

export function deleteAccount(input: { password: string }): Promise<{ files_deleted: number }> {
  return apiRequest('/api/account/delete', { method: 'POST', body: input });
}

export function useDeleteAccount() {
  const sessionChanged = useSessionChange();
  return useMutation({ mutationFn: deleteAccount, onSuccess: sessionChanged });
}
