import { Button } from '@mantine/core';
import { useState } from 'react';
import type { SharedVersion } from './create-share-form';
import { ShareDialog } from './share-dialog';
import type { Sharer } from './share-needs-account';

/** The editor's "Share…" button and its dialog. */
export function ShareButton({
  songId,
  title,
  versions,
  sharer,
}: {
  songId: string;
  title: string;
  versions: SharedVersion[];
  sharer: Sharer;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        Share…
      </Button>
      <ShareDialog
        songId={songId}
        title={title}
        versions={versions}
        sharer={sharer}
        opened={opened}
        onClose={() => setOpened(false)}
      />
    </>
  );
}
