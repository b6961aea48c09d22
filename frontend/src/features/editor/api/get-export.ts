import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { SongExport } from '@/lib/api-types';
import { editorPath } from './get-editor';

export function getExport(songId: string, exportId: string, { signal }: { signal?: AbortSignal } = {}) {
  return apiRequest<SongExport>(editorPath(songId, `/exports/${encodeURIComponent(exportId)}`), { signal });
}

export function exportQueryOptions(songId: string, exportId: string) {
  return queryOptions({
    queryKey: ['songs', songId, 'exports', exportId] as const,
    queryFn: ({ signal }) => getExport(songId, exportId, { signal }),
  });
}

/** The export's record, asked for once its job has finished. */
export function useExport(songId: string, exportId: string | null, jobDone: boolean) {
  return useQuery({ ...exportQueryOptions(songId, exportId ?? ''), enabled: exportId !== null && jobDone });
}
