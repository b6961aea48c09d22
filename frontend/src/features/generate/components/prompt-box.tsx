import { Alert, Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { PromptDraft } from '@/lib/api-types';
import { useInterpretPrompt } from '../api/interpret-prompt';

const MAX_PROMPT_LENGTH = 500;

const FIELD_LABELS: Record<string, string> = {
  genre: 'Genre',
  mood: 'Mood',
  tempo: 'Tempo',
  key: 'Key',
  mode: 'Mode',
  instruments: 'Instruments',
  length_seconds: 'Length',
  length_bars: 'Length',
};

export interface PromptBoxProps {
  /** Called with the draft the server read from the text; the form takes its values. */
  onDraft: (draft: PromptDraft) => void;
}

/** "Describe your song": a sentence becomes settings the user sees and can still change. */
export function PromptBox({ onDraft }: PromptBoxProps) {
  const [text, setText] = useState('');
  const [matched, setMatched] = useState<Record<string, string> | null>(null);
  const interpret = useInterpretPrompt();

  const read = async () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    try {
      const draft = await interpret.mutateAsync(trimmed);
      setMatched(draft.matched);
      onDraft(draft);
    } catch {
      setMatched(null);
    }
  };

  return (
    <Stack gap="xs">
      <Textarea
        label="Describe your song"
        description="For example: dreamy lo-fi for studying, slow, with rhodes and vinyl drums"
        placeholder="An epic orchestral trailer in D minor at 140 bpm, 2 minutes, with choir and timpani"
        autosize
        minRows={2}
        maxRows={5}
        maxLength={MAX_PROMPT_LENGTH}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void read();
          }
        }}
      />
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          The settings below are filled in from your words; adjust anything before generating.
        </Text>
        <Button
          variant="light"
          onClick={() => void read()}
          loading={interpret.isPending}
          disabled={!text.trim()}
        >
          Fill in from text
        </Button>
      </Group>
      {interpret.isError && (
        <Alert color="red" role="alert" title="Could not read that description">
          {interpret.error.message}
        </Alert>
      )}
      {matched && (
        <Group gap={6} data-testid="prompt-matched" aria-label="What was read from the text">
          {Object.entries(matched).length === 0 ? (
            <Text size="xs" c="dimmed">
              Nothing specific was recognised; the genre's usual settings were used.
            </Text>
          ) : (
            Object.entries(matched).map(([field, reading]) => (
              <Badge key={field} variant="light" radius="sm" tt="none" maw="100%" title={reading}>
                {FIELD_LABELS[field] ?? field}: {reading}
              </Badge>
            ))
          )}
        </Group>
      )}
    </Stack>
  );
}
