import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange } from '@/lib/api-types';
import { editorPath, storeEditorChange } from './get-editor';

export function restoreVersion(songId: string, versionId: number): Promise<EditorChange> {
  return apiRequest<EditorChange>(editorPath(songId, `/versions/${versionId}/restore`), { method: 'POST' });
}

export function useRestoreVersion(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (versionId: number) => restoreVersion(songId, versionId),
    onSuccess: (change) => storeEditorChange(queryClient, songId, change),
  });
}
