import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { PromptDraft } from '@/lib/api-types';

/** Reads a sentence into a draft spec; nothing is created on the server. */
export function interpretPrompt(text: string): Promise<PromptDraft> {
  return apiRequest<PromptDraft>('/api/prompt', { method: 'POST', body: { text } });
}

export function useInterpretPrompt() {
  return useMutation({ mutationFn: interpretPrompt });
}
