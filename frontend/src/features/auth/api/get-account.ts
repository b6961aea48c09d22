import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Account } from '../types';

export function getAccount({ signal }: { signal?: AbortSignal } = {}): Promise<Account> {
  return apiRequest<Account>('/api/account', { signal });
}

export const accountQueryKey = ['account'] as const;

export function accountQueryOptions() {
  return queryOptions({ queryKey: accountQueryKey, queryFn: ({ signal }) => getAccount({ signal }) });
}

/** Who is signed in (also sets the CSRF cookie the auth forms need). */
export function useAccount() {
  return useQuery(accountQueryOptions());
}
