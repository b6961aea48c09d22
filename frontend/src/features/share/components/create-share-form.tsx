import { Alert, Button, Checkbox, Group, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useCreateShare } from '../api/create-share';

export interface SharedVersion {
  id: number;
  name: string;
}

const CURRENT = 'current';

/** What a new link shares (the song now, or a saved version) and what listeners may do with it. */
export function CreateShareForm({ songId, versions }: { songId: string; versions: SharedVersion[] }) {
  const [what, setWhat] = useState(CURRENT);
  const [allowDownload, setAllowDownload] = useState(false);
  const [allowRemix, setAllowRemix] = useState(false);
  const create = useCreateShare(songId);

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm">
        <Select
          label="What to share"
          data={[
            { value: CURRENT, label: 'The song as it is now' },
            ...versions.map((version) => ({ value: String(version.id), label: `Version: ${version.name}` })),
          ]}
          value={what}
          allowDeselect={false}
          onChange={(value) => setWhat(value ?? CURRENT)}
          comboboxProps={{ withinPortal: true }}
          style={{ flex: '1 1 220px' }}
        />
        <Button
          loading={create.isPending}
          onClick={() =>
            create.mutate({
              version_id: what === CURRENT ? null : Number(what),
              allow_download: allowDownload,
              allow_remix: allowDownload && allowRemix,
            })
          }
        >
          Create link
        </Button>
      </Group>
      <Group gap="lg">
        <Checkbox
          label="Let listeners download the MP3"
          checked={allowDownload}
          onChange={(event) => setAllowDownload(event.currentTarget.checked)}
        />
        <Checkbox
          label="Let signed-in listeners remix it"
          description={allowDownload ? 'They get a copy to edit, with its stems.' : 'Needs download: a remix hands over the audio.'}
          checked={allowDownload && allowRemix}
          disabled={!allowDownload}
          onChange={(event) => setAllowRemix(event.currentTarget.checked)}
        />
      </Group>
      {create.isError && <Alert color="red">{create.error.message}</Alert>}
    </Stack>
  );
}
