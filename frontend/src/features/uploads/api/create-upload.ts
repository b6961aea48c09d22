import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiUrl, flattenFieldErrors, readCookie } from '@/lib/api-client';
import type { Upload } from '@/lib/api-types';
import { uploadsQueryKey } from './get-uploads';

/** Where an upload is: bytes on their way (0..1), then the server decoding and analysing them. */
export type UploadStage = { stage: 'sending'; fraction: number } | { stage: 'processing' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorOf(xhr: XMLHttpRequest): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON (a proxy's error page): fall back to the status.
  }
  if (xhr.status === 0) return new ApiError(0, 'The upload was interrupted. Check your connection and try again.');
  const message =
    isRecord(body) && typeof body.message === 'string'
      ? body.message
      : xhr.status === 413
        ? 'The file is too large.'
        : `Upload failed (${xhr.status} ${xhr.statusText})`.trim();
  const fields = isRecord(body) && isRecord(body.extra) ? body.extra.fields : undefined;
  return new ApiError(xhr.status, message, flattenFieldErrors(fields));
}

/**
 * POST a file as multipart with XMLHttpRequest, whose upload events give real byte progress (fetch has
 * none); `onStage` hears the bytes sent, then that the server is processing.
 */
export function createUpload(file: File, onStage: (stage: UploadStage) => void, signal?: AbortSignal): Promise<Upload> {
  return new Promise<Upload>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/api/uploads/'));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = readCookie('csrftoken');
    if (token) xhr.setRequestHeader('X-CSRFToken', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onStage({ stage: 'sending', fraction: event.loaded / event.total });
    };
    xhr.upload.onload = () => onStage({ stage: 'processing' });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as Upload);
      else reject(errorOf(xhr));
    };
    xhr.onerror = () => reject(errorOf(xhr));
    xhr.onabort = () => reject(new ApiError(0, 'The upload was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    onStage({ stage: 'sending', fraction: 0 });
    xhr.send(form);
  });
}

export function useCreateUpload(onStage: (stage: UploadStage) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => createUpload(file, onStage),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: uploadsQueryKey }),
  });
}
