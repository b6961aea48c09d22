import { Alert, Badge, Group, Textarea } from '@mantine/core';

export const MAX_PROMPT_LENGTH = 500;

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
  text: string;
  onTextChange: (text: string) => void;
  /** Why the text could not be read, if it could not. */
  error: string | null;
  /** What the server read from the text, field by field (null before the first reading). */
  matched: Record<string, string> | null;
}

/** "Describe your song": the sentence the form's settings are read from (Ctrl+Enter generates). */
export function PromptBox({ text, onTextChange, error, matched }: PromptBoxProps) {
  return (
    <>
      <Textarea
        label="Describe your song"
        description="For example: dreamy lo-fi for studying, slow, with rhodes and vinyl drums"
        placeholder="An epic orchestral trailer in D minor at 140 bpm, 2 minutes, with choir and timpani"
        autosize
        minRows={2}
        maxRows={5}
        maxLength={MAX_PROMPT_LENGTH}
        value={text}
        onChange={(event) => onTextChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {error && (
        <Alert color="red" role="alert" title="Could not read that description">
          {error}
        </Alert>
      )}
      {matched && (
        <Group gap={6} data-testid="prompt-matched" aria-label="What was read from the text">
          {Object.entries(matched).length === 0 ? (
            <Badge variant="light" color="gray" radius="sm" tt="none">
              Nothing specific was recognised; the genre's usual settings were used.
            </Badge>
          ) : (
            Object.entries(matched).map(([field, reading]) => (
              <Badge key={field} variant="light" radius="sm" tt="none" maw="100%" title={reading}>
                {FIELD_LABELS[field] ?? field}: {reading}
              </Badge>
            ))
          )}
        </Group>
      )}
    </>
  );
}
