import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange } from '@/lib/api-types';
import { editorPath, storeEditorChange } from './get-editor';

export function redoEdit(songId: string): Promise<EditorChange> {
  return apiRequest<EditorChange>(editorPath(songId, '/redo'), { method: 'POST' });
}

export function useRedoEdit(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => redoEdit(songId),
    onSuccess: (change) => storeEditorChange(queryClient, songId, change),
  });
}
