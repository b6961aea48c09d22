import { Affix, Button, Notification } from '@mantine/core';
import { useEffect } from 'react';

export const UNDO_SECONDS = 10;

/** "Deleted … Undo" for a few seconds after a delete; the server keeps the song restorable longer. */
export function UndoToast({
  message,
  onUndo,
  onClose,
  undoing,
}: {
  message: string;
  onUndo: () => void;
  onClose: () => void;
  undoing: boolean;
}) {
  useEffect(() => {
    const timer = window.setTimeout(onClose, UNDO_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [message, onClose]);

  return (
    <Affix position={{ bottom: 20, left: 20 }} zIndex={300} style={{ maxWidth: 'calc(100vw - 40px)' }}>
      <Notification withCloseButton onClose={onClose} role="status" withBorder miw={280}>
        {message}{' '}
        <Button size="compact-sm" variant="light" ml="xs" onClick={onUndo} loading={undoing}>
          Undo
        </Button>
      </Notification>
    </Affix>
  );
}
