import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange } from '@/lib/api-types';
import { editorPath, storeEditorChange } from './get-editor';

export function undoEdit(songId: string): Promise<EditorChange> {
  return apiRequest<EditorChange>(editorPath(songId, '/undo'), { method: 'POST' });
}

export function useUndoEdit(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => undoEdit(songId),
    onSuccess: (change) => storeEditorChange(queryClient, songId, change),
  });
}
