import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { VersionDiff } from '@/lib/api-types';
import { editorPath } from './get-editor';

export function getVersionDiff(songId: string, versionId: number, { signal }: { signal?: AbortSignal } = {}) {
  return apiRequest<VersionDiff>(editorPath(songId, `/versions/${versionId}/diff`), { signal });
}

export function versionDiffQueryOptions(songId: string, versionId: number, head: number) {
  return queryOptions({
    // The diff is against the current state, so it changes with the head.
    queryKey: ['songs', songId, 'versions', versionId, 'diff', head] as const,
    queryFn: ({ signal }) => getVersionDiff(songId, versionId, { signal }),
  });
}

export function useVersionDiff(songId: string, versionId: number | null, head: number) {
  return useQuery({ ...versionDiffQueryOptions(songId, versionId ?? 0, head), enabled: versionId !== null });
}
