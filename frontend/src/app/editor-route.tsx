import { Alert } from '@mantine/core';
import { useParams } from 'react-router';
import { useAccount, usePreferredExportFormat } from '@/features/auth';
import { EditorPage } from '@/features/editor';
import { ShareButton, type Sharer } from '@/features/share';
import { AddAudioTrack } from '@/features/uploads';
import type { ExportFormat } from '@/lib/api-types';

export function EditorRoute() {
  const { id } = useParams();
  // The server only stores formats the exporter offers.
  const exportFormat = usePreferredExportFormat() as ExportFormat | null;
  const account = useAccount().data;
  const sharer: Sharer = !account?.is_authenticated ? 'visitor' : account.email_verified ? 'verified' : 'unverified';
  if (!id) return <Alert color="red">No song to edit.</Alert>;
  return (
    <EditorPage
      key={id}
      songId={id}
      share={(state) => <ShareButton songId={id} title={state.title} versions={state.versions} sharer={sharer} />}
      audioTrack={(state, edit, busy, tempoLimit) => <AddAudioTrack tempo={state.tempo} tempoLimit={tempoLimit} disabled={busy} onEdit={edit} />}
      exportFormat={exportFormat}
    />
  );
}
