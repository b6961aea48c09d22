import { zodResolver } from '@hookform/resolvers/zod';
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { useResetPassword } from '../api/reset-password';
import { AuthCard } from './auth-card';
import { applyServerErrors } from './form-errors';

const schema = z.object({ password: z.string().min(8, 'Use at least 8 characters.') });
type Values = z.infer<typeof schema>;

/** Reached from the link in the reset e-mail: /account/reset/<key>. */
export function ResetPasswordPage() {
  const { key = '' } = useParams();
  const reset = useResetPassword();
  const navigate = useNavigate();
  const [error, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await reset.mutateAsync({ key, password: values.password });
      await navigate('/account/login?reset=1');
    } catch (caught) {
      setFormError(applyServerErrors(caught, ['password'], setError) || null);
    }
  });

  return (
    <AuthCard title="Choose a new password" error={error}>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Choose a new password">
        <Stack gap="sm">
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            error={formState.errors.password?.message}
            {...register('password')}
          />
          <Button type="submit" loading={reset.isPending}>
            Save the new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
