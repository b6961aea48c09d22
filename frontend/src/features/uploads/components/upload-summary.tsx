import { Badge, Group, Text } from '@mantine/core';
import type { Upload } from '@/lib/api-types';
import { formatTime } from '@/lib/format-time';
import { hasClearTempo } from '../upload-tempo';

export function UploadSummary({ upload }: { upload: Upload }) {
  return (
    <Group gap={6} data-testid="upload-summary">
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {upload.filename}
      </Text>
      <Badge variant="default">{upload.format}</Badge>
      <Badge variant="default">{formatTime(upload.duration_seconds)}</Badge>
      <Badge variant="default" title={hasClearTempo(upload) ? 'Detected tempo' : 'No clear beat: a rough guess'}>
        {hasClearTempo(upload) ? '' : '≈ '}
        {Math.round(upload.tempo)} BPM
      </Badge>
      <Badge variant="default">
        {upload.key} {upload.mode}
      </Badge>
      <Badge variant="default">{Math.round(upload.loudness_lufs)} LUFS</Badge>
    </Group>
  );
}
