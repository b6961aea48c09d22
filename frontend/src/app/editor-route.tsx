import { Alert } from '@mantine/core';
import { useParams } from 'react-router';
import { usePreferredExportFormat } from '@/features/auth';
import { EditorPage } from '@/features/editor';
import { ShareButton } from '@/features/share';
import { AddAudioTrack } from '@/features/uploads';
import type { ExportFormat } from '@/lib/api-types';

export function EditorRoute() {
  const { id } = useParams();
  // The server only stores formats the exporter offers.
  const exportFormat = usePreferredExportFormat() as ExportFormat | null;
  if (!id) return <Alert color="red">No song to edit.</Alert>;
  return (
    <EditorPage
      key={id}
      songId={id}
      share={(state) => <ShareButton songId={id} title={state.title} versions={state.versions} />}
      audioTrack={(state, edit, busy, tempoLimit) => <AddAudioTrack tempo={state.tempo} tempoLimit={tempoLimit} disabled={busy} onEdit={edit} />}
      exportFormat={exportFormat}
    />
  );
}
