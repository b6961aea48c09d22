import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiUrl, flattenFieldErrors, readCookie } from '@/lib/api-client';
import type { InstrumentPart, SongCreated } from '@/lib/api-types';

export interface MelodySongInput {
  /** The recording (a browser take or a chosen file) with the name it is sent under. */
  audio: Blob;
  filename: string;
  genre: string;
  mood: string;
  instruments: InstrumentPart[];
  /** Omitted: the tempo is measured from the melody. */
  tempo?: number;
  /** True for a take recorded right after a count-in: its bar lines start with the recording. */
  startsOnDownbeat: boolean;
  /** The song's least length in bars; the melody repeats in whole phrases to fill it. */
  lengthBars: number;
}

export type SongFromMelodyCreated = SongCreated & { upload: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POST the melody as multipart; the server transcribes it and arranges a song around it (a job). */
export async function createSongFromMelody(input: MelodySongInput): Promise<SongFromMelodyCreated> {
  const form = new FormData();
  const file =
    input.audio instanceof File && input.audio.name === input.filename
      ? input.audio
      : new File([input.audio], input.filename, { type: input.audio.type });
  form.append('file', file);
  form.append('genre', input.genre);
  form.append('mood', input.mood);
  form.append('instruments', JSON.stringify(input.instruments));
  if (input.tempo !== undefined) form.append('tempo', String(input.tempo));
  form.append('starts_on_downbeat', input.startsOnDownbeat ? 'true' : 'false');
  form.append('length_bars', String(input.lengthBars));
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = readCookie('csrftoken');
  if (token) headers['X-CSRFToken'] = token;
  const response = await fetch(apiUrl('/api/songs/from-melody'), {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: form,
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): fall back to the status.
  }
  if (!response.ok) {
    const message =
      isRecord(body) && typeof body.message === 'string'
        ? body.message
        : `Request failed (${response.status} ${response.statusText})`.trim();
    const fields = isRecord(body) && isRecord(body.extra) ? body.extra.fields : undefined;
    throw new ApiError(response.status, message, flattenFieldErrors(fields));
  }
  return body as SongFromMelodyCreated;
}

export function useCreateSongFromMelody() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSongFromMelody,
    onSuccess: ({ job }) => {
      queryClient.setQueryData(['jobs', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['songs', 'list'] });
    },
  });
}
