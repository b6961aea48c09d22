import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange as EditChange, EditOp } from '@/lib/api-types';
import { editorPath, storeEditorChange } from './get-editor';

export function applyEdit(songId: string, op: EditOp): Promise<EditChange> {
  return apiRequest<EditChange>(editorPath(songId, '/edits'), { method: 'POST', body: op });
}

export function useApplyEdit(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (op: EditOp) => applyEdit(songId, op),
    onSuccess: (change) => storeEditorChange(queryClient, songId, change),
  });
}
