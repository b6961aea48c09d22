import { Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { EditorState } from '@/lib/api-types';
import { useVersionDiff } from '../api/get-version-diff';

export interface HistoryPanelProps {
  state: EditorState;
  saving: boolean;
  onSave: (name: string) => void;
  onRestore: (versionId: number) => void;
}

/** The edit log (the redo tail dimmed) and the named versions with restore and diff. */
export function HistoryPanel({ state, saving, onSave, onRestore }: HistoryPanelProps) {
  const [name, setName] = useState('');
  const [diffOf, setDiffOf] = useState<number | null>(null);
  const diff = useVersionDiff(state.song_id, diffOf, state.head);
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="sm">
        <Title order={2} size="h5" mb="xs">
          History
        </Title>
        {state.edits.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="history-empty">
            No edits yet: this is the original. Change the tempo or key, a track's volume, pan or effects, or
            add an instrument — each change is listed here, and Ctrl+Z undoes it.
          </Text>
        ) : (
          <List size="sm" spacing={2} type="ordered" data-testid="edit-history">
            {state.edits.map((edit) => (
              <List.Item key={edit.seq} c={edit.applied ? undefined : 'dimmed'} data-applied={edit.applied} td={edit.applied ? undefined : 'line-through'}>
                {edit.summary}
              </List.Item>
            ))}
          </List>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm">
        <Title order={2} size="h5" mb="xs">
          Versions
        </Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) onSave(name.trim());
            setName('');
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="xs"
              label="Version name"
              placeholder="e.g. Slower mix"
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button size="xs" type="submit" loading={saving} disabled={!name.trim()}>
              Save
            </Button>
          </Group>
        </form>
        <Stack gap={6} mt="xs">
          {state.versions.map((version) => (
            <Stack key={version.id} gap={2}>
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm" truncate="end">
                  {version.name}{' '}
                  <Text span size="xs" c="dimmed">
                    ({version.edits} edits)
                  </Text>
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-xs" variant="default" onClick={() => setDiffOf(diffOf === version.id ? null : version.id)}>
                    Diff
                  </Button>
                  <Button size="compact-xs" variant="light" onClick={() => onRestore(version.id)}>
                    Restore
                  </Button>
                </Group>
              </Group>
              {diffOf === version.id && diff.data && (
                <Text size="xs" c="dimmed" data-testid="version-diff">
                  {diff.data.common} edits in common.
                  {diff.data.only_current.length > 0 && ` Only now: ${diff.data.only_current.join('; ')}.`}
                  {diff.data.only_version.length > 0 && ` Only in “${version.name}”: ${diff.data.only_version.join('; ')}.`}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
