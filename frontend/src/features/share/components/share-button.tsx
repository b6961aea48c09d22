import { Button } from '@mantine/core';
import { useState } from 'react';
import { ShareDialog, type SharedVersion } from './share-dialog';

/** The editor's "Share…" button and its dialog. */
export function ShareButton({ songId, title, versions }: { songId: string; title: string; versions: SharedVersion[] }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        Share…
      </Button>
      <ShareDialog songId={songId} title={title} versions={versions} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
