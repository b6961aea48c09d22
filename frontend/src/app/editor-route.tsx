import { Alert } from '@mantine/core';
import { useParams } from 'react-router';
import { EditorPage } from '@/features/editor';
import { ShareButton } from '@/features/share';
import { AddAudioTrack } from '@/features/uploads';

export function EditorRoute() {
  const { id } = useParams();
  if (!id) return <Alert color="red">No song to edit.</Alert>;
  return (
    <EditorPage
      key={id}
      songId={id}
      share={(state) => <ShareButton songId={id} title={state.title} versions={state.versions} />}
      audioTrack={(state, edit, busy) => <AddAudioTrack tempo={state.tempo} disabled={busy} onEdit={edit} />}
    />
  );
}
