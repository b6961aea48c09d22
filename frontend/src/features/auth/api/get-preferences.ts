import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Preferences } from '../types';

export function getPreferences({ signal }: { signal?: AbortSignal } = {}): Promise<Preferences> {
  return apiRequest<Preferences>('/api/account/preferences', { signal });
}

export const preferencesQueryKey = ['account', 'preferences'] as const;

export function usePreferences({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery(
    queryOptions({
      queryKey: preferencesQueryKey,
      queryFn: ({ signal }) => getPreferences({ signal }),
      enabled,
    }),
  );
}
