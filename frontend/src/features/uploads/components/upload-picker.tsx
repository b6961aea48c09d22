import { Alert, Select, Stack } from '@mantine/core';
import type { Upload } from '@/lib/api-types';
import { useUploads } from '../api/get-uploads';
import { UploadDropzone } from './upload-dropzone';
import { UploadSummary } from './upload-summary';

export interface UploadPickerProps {
  chosen: string | null;
  onChoose: (uploadId: string | null) => void;
}

/** Upload a recording or pick one uploaded before; what was measured on it shows below. */
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
    </Stack>
  );
}
