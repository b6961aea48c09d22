import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import type { EditorChange } from '@/lib/api-types';
import { editorPath, storeEditorChange } from './get-editor';

export const versionInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the version a name.').max(100, 'At most 100 characters.'),
});
export type VersionInput = z.infer<typeof versionInputSchema>;

export function saveVersion(songId: string, input: VersionInput): Promise<EditorChange> {
  return apiRequest<EditorChange>(editorPath(songId, '/versions'), { method: 'POST', body: input });
}

export function useSaveVersion(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: VersionInput) => saveVersion(songId, versionInputSchema.parse(input)),
    onSuccess: (change) => storeEditorChange(queryClient, songId, change),
  });
}
