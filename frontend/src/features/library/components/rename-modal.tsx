import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

export function RenameModal({
  title,
  onSave,
  onClose,
  saving,
  error,
}: {
  title: string;
  onSave: (title: string) => void;
  onClose: () => void;
  saving: boolean;
  error: string | null;
}) {
  const [value, setValue] = useState(title);
  return (
    <Modal opened onClose={onClose} title="Rename song" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave(value);
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Title"
            value={value}
            maxLength={120}
            data-autofocus
            error={error}
            onChange={(event) => setValue(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
