import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Upload } from '@/lib/api-types';
import { useUploads } from '../api/get-uploads';
import { UploadPicker } from './upload-picker';
import { UploadSummary } from './upload-summary';

export interface StartFromUploadProps {
  picked: Upload | null;
  onPick: (upload: Upload | null) => void;
}

/** "Start from a recording": its measured tempo and key fill in the song, and it joins it as a track. */
export function StartFromUpload({ picked, onPick }: StartFromUploadProps) {
  const [opened, setOpened] = useState(false);
  if (picked) {
    return (
      <Alert
        color="teal"
        title="Starting from a recording"
        withCloseButton
        closeButtonLabel="Do not start from this recording"
        onClose={() => onPick(null)}
        data-testid="start-from-upload"
      >
        <Stack gap={6}>
          <UploadSummary upload={picked} />
          <Text size="sm">Its tempo and key are filled in the song's details above; the new song gets it as an audio track.</Text>
        </Stack>
      </Alert>
    );
  }
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        Start from a recording…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Start from a recording" size="lg">
        {opened && (
          <PickRecording
            onPick={(upload) => {
              setOpened(false);
              onPick(upload);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function PickRecording({ onPick }: { onPick: (upload: Upload) => void }) {
  const uploads = useUploads();
  const [chosen, setChosen] = useState<string | null>(null);
  const upload = uploads.data?.find((u) => u.id === chosen);
  return (
    <Stack gap="md">
      <UploadPicker chosen={chosen} onChoose={setChosen} />
      <Group justify="flex-end">
        <Button disabled={!upload} onClick={() => upload && onPick(upload)}>
          Use its tempo and key
        </Button>
      </Group>
    </Stack>
  );
}
