import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { ExportCreated, ExportFormat } from '@/lib/api-types';
import { editorPath } from './get-editor';

export interface ExportInput {
  format: ExportFormat;
  start_bar?: number;
  end_bar?: number;
}

export function createExport(songId: string, input: ExportInput): Promise<ExportCreated> {
  return apiRequest<ExportCreated>(editorPath(songId, '/exports'), { method: 'POST', body: input });
}

export function useCreateExport(songId: string) {
  return useMutation({ mutationFn: (input: ExportInput) => createExport(songId, input) });
}
