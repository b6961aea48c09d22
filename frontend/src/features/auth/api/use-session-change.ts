import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** After signing in or out everything the page knows belongs to someone else: refetch it all. */
export function useSessionChange() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'account' });
    await queryClient.invalidateQueries({ queryKey: ['account'] });
  }, [queryClient]);
}
