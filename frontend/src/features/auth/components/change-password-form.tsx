import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, PasswordInput, SimpleGrid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ApiError } from '@/lib/api-client';
import { useChangePassword } from '../api/change-password';

const schema = z.object({
  current_password: z.string().min(1, 'Enter your current password.'),
  new_password: z.string().min(8, 'Use at least 8 characters.'),
});
type Values = z.infer<typeof schema>;

export function ChangePasswordForm() {
  const change = useChangePassword();
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { current_password: '', new_password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setStatus(null);
    try {
      await change.mutateAsync(values);
      reset();
      setStatus({ ok: true, message: 'Your password is changed.' });
    } catch (caught) {
      if (caught instanceof ApiError) {
        const { current_password: current, password } = caught.fieldErrors;
        if (current) setError('current_password', { type: 'server', message: current });
        if (password) setError('new_password', { type: 'server', message: password });
        if (!current && !password) setStatus({ ok: false, message: caught.message });
      } else {
        setStatus({ ok: false, message: String(caught) });
      }
    }
  });

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Change password">
      <Stack gap="sm">
        {status && (
          <Alert color={status.ok ? 'teal' : 'red'} role={status.ok ? 'status' : 'alert'}>
            {status.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            error={formState.errors.current_password?.message}
            {...register('current_password')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            error={formState.errors.new_password?.message}
            {...register('new_password')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
