import { Alert, Button, Checkbox, Group, Modal, Progress, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DownloadIcon } from '@/components/ui/icons';
import type { ExportFormat } from '@/lib/api-types';
import { useCreateExport } from '../api/create-export';
import { useExport } from '../api/get-export';
import { useJob } from '../api/get-job';
import type { BarRange } from './timeline';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'mp3_128', label: 'MP3 128 kbps' },
  { value: 'mp3_192', label: 'MP3 192 kbps' },
  { value: 'mp3_320', label: 'MP3 320 kbps' },
  { value: 'wav16', label: 'WAV 16-bit' },
  { value: 'wav24', label: 'WAV 24-bit' },
  { value: 'flac', label: 'FLAC 16-bit' },
  { value: 'flac24', label: 'FLAC 24-bit' },
  { value: 'ogg', label: 'OGG Vorbis' },
  { value: 'midi', label: 'MIDI (multi-track)' },
  { value: 'stems', label: 'Stems (ZIP of WAVs)' },
];

export interface ExportDialogProps {
  songId: string;
  opened: boolean;
  loop: BarRange | null;
  onClose: () => void;
  /** The user's preferred format (account preferences), until they pick another. */
  defaultFormat?: ExportFormat | null;
}

/** Format (and optionally the loop region) → export job with progress → download link. */
export function ExportDialog({ songId, opened, loop, onClose, defaultFormat }: ExportDialogProps) {
  const [chosen, setFormat] = useState<ExportFormat | null>(null);
  const format = chosen ?? defaultFormat ?? 'mp3_320';
  const [onlyLoop, setOnlyLoop] = useState(false);
  const create = useCreateExport(songId);
  const jobId = create.data?.job.id ?? null;
  const job = useJob(jobId);
  const done = job.data?.status === 'succeeded';
  const result = useExport(songId, create.data?.export.id ?? null, done);
  const failed = job.data?.status === 'failed' ? (job.data.error ?? 'The export failed.') : null;

  return (
    <Modal opened={opened} onClose={onClose} title="Export">
      <Stack gap="sm">
        <Select
          label="Format"
          data={FORMATS}
          value={format}
          allowDeselect={false}
          onChange={(value) => {
            if (value) setFormat(value as ExportFormat);
            create.reset();
          }}
          comboboxProps={{ withinPortal: true }}
        />
        <Checkbox
          label={loop ? `Only the loop region (bars ${loop.start + 1}–${loop.end})` : 'Only the loop region (select one on the timeline)'}
          disabled={!loop}
          checked={onlyLoop && !!loop}
          onChange={(event) => setOnlyLoop(event.currentTarget.checked)}
        />
        {create.isError && <Alert color="red">{create.error.message}</Alert>}
        {failed && <Alert color="red">{failed}</Alert>}
        {jobId && !done && !failed && (
          <Stack gap={4}>
            <Text size="sm">{job.data?.stage || 'Exporting…'}</Text>
            <Progress value={job.data?.progress ?? 0} animated striped aria-label="Export progress" />
          </Stack>
        )}
        <Group justify="flex-end" gap="xs">
          {result.data?.download_url ? (
            <Button
              component="a"
              href={result.data.download_url}
              download={result.data.filename || true}
              leftSection={<DownloadIcon size={16} />}
            >
              Download {result.data.filename}
            </Button>
          ) : (
            <Button
              loading={create.isPending || (jobId !== null && !done && !failed)}
              onClick={() =>
                create.mutate(onlyLoop && loop ? { format, start_bar: loop.start, end_bar: loop.end } : { format })
              }
            >
              Export
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
