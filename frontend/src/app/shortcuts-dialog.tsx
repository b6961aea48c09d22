import { Kbd, Modal, Table } from '@mantine/core';
import { useEffect, useState } from 'react';
import { isTextField, SHORTCUTS } from '@/lib/keyboard-shortcuts';

/** "?" anywhere (but in a field) lists the keyboard shortcuts. */
export function ShortcutsDialog() {
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      event.preventDefault();
      setOpened(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Modal opened={opened} onClose={() => setOpened(false)} title="Keyboard shortcuts">
      <Table verticalSpacing={6} data-testid="shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map(({ keys, what }) => (
            <Table.Tr key={keys}>
              <Table.Th scope="row" w="40%" fw={400}>
                <Kbd>{keys}</Kbd>
              </Table.Th>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
