import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange, EditorState } from '@/lib/api-types';

const RENDER_POLL_MS = 1000;

export function getEditor(songId: string, { signal }: { signal?: AbortSignal } = {}): Promise<EditorState> {
  return apiRequest<EditorState>(`/api/songs/${encodeURIComponent(songId)}/editor`, { signal });
}

export const editorQueryKey = (songId: string) => ['songs', songId, 'editor'] as const;

export function editorQueryOptions(songId: string) {
  return queryOptions({
    queryKey: editorQueryKey(songId),
    queryFn: ({ signal }) => getEditor(songId, { signal }),
    // A render without a job to follow (the first one) is followed by asking again.
    refetchInterval: (query) => {
      const render = query.state.data?.render;
      return render?.status === 'rendering' && !render.job_id ? RENDER_POLL_MS : false;
    },
  });
}

export function useEditor(songId: string) {
  return useQuery(editorQueryOptions(songId));
}

/** Every mutation answers the new state: put it in the cache instead of asking again. */
export function storeEditorChange(queryClient: QueryClient, songId: string, change: EditorChange): void {
  const state: EditorState & { job?: unknown } = { ...change };
  delete state.job;
  queryClient.setQueryData(editorQueryKey(songId), state);
}

export const editorPath = (songId: string, rest = '') =>
  `/api/songs/${encodeURIComponent(songId)}${rest}`;
