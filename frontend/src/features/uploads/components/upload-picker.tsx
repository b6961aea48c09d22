import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Upload } from '@/lib/api-types';
import { useDeleteUpload } from '../api/delete-upload';
import { useUploads } from '../api/get-uploads';
import { UploadDropzone } from './upload-dropzone';
import { UploadSummary } from './upload-summary';

export interface UploadPickerProps {
  chosen: string | null;
  onChoose: (uploadId: string | null) => void;
}

/** Upload a recording or pick one uploaded before; what was measured on it shows below, and it can be deleted. */
export function UploadPicker({ chosen, onChoose }: UploadPickerProps) {
  const uploads = useUploads();
  const upload: Upload | undefined = uploads.data?.find((u) => u.id === chosen);
  return (
    <Stack gap="md">
      <UploadDropzone onUploaded={(created) => onChoose(created.id)} />
      {uploads.isError && <Alert color="red">{uploads.error.message}</Alert>}
      <Select
        label="Recording"
        placeholder={uploads.data?.length ? 'Pick one of your uploads' : 'Upload a recording first'}
        data={(uploads.data ?? []).map((u) => ({ value: u.id, label: u.filename }))}
        value={chosen}
        onChange={onChoose}
        disabled={!uploads.data?.length}
        searchable
      />
      {upload && <UploadSummary upload={upload} />}
      {upload && <DeleteUpload key={upload.id} upload={upload} onDeleted={() => onChoose(null)} />}
    </Stack>
  );
}

/** Deleting asks first; the server's reason (a song still uses it) shows if it refuses. */
function DeleteUpload({ upload, onDeleted }: { upload: Upload; onDeleted: () => void }) {
  const remove = useDeleteUpload();
  const [confirming, setConfirming] = useState(false);
  return (
    <Stack gap={6}>
      {confirming ? (
        <Group gap={6}>
          <Text size="sm">Delete “{upload.filename}” and its files for good?</Text>
          <Button
            size="compact-sm"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(upload.id, { onSuccess: onDeleted, onSettled: () => setConfirming(false) })}
          >
            Delete
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </Group>
      ) : (
        <Group>
          <Button size="compact-sm" color="red" variant="subtle" onClick={() => setConfirming(true)}>
            Delete recording…
          </Button>
        </Group>
      )}
      {remove.isError && <Alert color="red">{remove.error.message}</Alert>}
    </Stack>
  );
}
