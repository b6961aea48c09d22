import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '@/lib/api-client';
import { useDeleteAccount } from '../api/delete-account';

export function DeleteAccountForm() {
  const remove = useDeleteAccount();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const error = remove.error instanceof ApiError ? remove.error : null;

  const submit = async () => {
    await remove.mutateAsync({ password });
    await navigate('/');
  };

  return (
    <form
      aria-label="Delete account"
      onSubmit={(event) => {
        event.preventDefault();
        if (!confirming) {
          setConfirming(true);
          return;
        }
        void submit().catch(() => undefined);
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Deletes your account, every song, edit, version and export in it, and their files. This
          cannot be undone.
        </Text>
        {error && !error.fieldErrors.password && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          value={password}
          error={error?.fieldErrors.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          maw={320}
        />
        <Group justify="flex-end" gap="sm">
          {confirming && (
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep my account
            </Button>
          )}
          <Button type="submit" color="red" variant={confirming ? 'filled' : 'light'} loading={remove.isPending} disabled={!password}>
            {confirming ? 'Yes, delete everything' : 'Delete my account'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
