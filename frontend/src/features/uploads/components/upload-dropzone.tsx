import { Alert, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { type DragEvent, useRef, useState } from 'react';
import type { Upload } from '@/lib/api-types';
import { type UploadStage, useCreateUpload } from '../api/create-upload';

const ACCEPT = 'audio/*,video/webm,.wav,.mp3,.flac,.ogg,.opus,.oga,.m4a,.aac,.aif,.aiff,.webm';

export interface UploadDropzoneProps {
  onUploaded?: (upload: Upload) => void;
}

/** Drop a file or choose one; a progress bar follows the bytes, then the server's processing. */
export function UploadDropzone({ onUploaded }: UploadDropzoneProps) {
  const [stage, setStage] = useState<UploadStage | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const create = useCreateUpload(setStage);

  const send = (file: File) => {
    create.mutate(file, {
      onSuccess: (upload) => onUploaded?.(upload),
      onSettled: () => setStage(null),
    });
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !create.isPending) send(file);
  };

  return (
    <Stack gap="xs">
      <Paper
        withBorder
        radius="md"
        p="lg"
        role="group"
        aria-label="Upload a recording"
        data-testid="upload-dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'var(--mantine-primary-color-filled)' : undefined,
          background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
        }}
      >
        <Stack align="center" gap={6}>
          <Text fw={500} ta="center">
            Drop a recording here
          </Text>
          <Text size="xs" c="dimmed" ta="center">
            WAV, MP3, FLAC, Ogg/Opus, M4A/AAC, AIFF or WebM
          </Text>
          <Button variant="light" size="sm" onClick={() => input.current?.click()} loading={create.isPending}>
            Choose a file…
          </Button>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            hidden
            data-testid="upload-input"
            aria-label="Audio file"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file) send(file);
            }}
          />
        </Stack>
      </Paper>
      {stage && <UploadProgress stage={stage} />}
      {create.isError && (
        <Alert color="red" role="alert" title="That file could not be used" withCloseButton onClose={() => create.reset()}>
          {create.error.message}
        </Alert>
      )}
    </Stack>
  );
}

function UploadProgress({ stage }: { stage: UploadStage }) {
  const sending = stage.stage === 'sending';
  const percent = sending ? Math.round(stage.fraction * 100) : 100;
  return (
    <Stack gap={4} data-testid="upload-progress">
      <Group justify="space-between">
        <Text size="sm">{sending ? 'Uploading…' : 'Checking and analysing (tempo, key, loudness)…'}</Text>
        {sending && (
          <Text size="sm" c="dimmed" ff="monospace">
            {percent} %
          </Text>
        )}
      </Group>
      <Progress
        value={percent}
        striped={!sending}
        animated={!sending}
        aria-label={sending ? 'Upload progress' : 'Processing the upload'}
      />
    </Stack>
  );
}
