import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Preferences } from '../types';
import { preferencesQueryKey } from './get-preferences';

export function updatePreferences(input: Partial<Preferences>): Promise<Preferences> {
  return apiRequest<Preferences>('/api/account/preferences', { method: 'PATCH', body: input });
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    onSuccess: async (saved) => {
      queryClient.setQueryData(preferencesQueryKey, saved);
      // The Generate page's starting values come from the options, which follow the preferences.
      await queryClient.invalidateQueries({ queryKey: ['options'] });
    },
  });
}
