import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { useRequestPasswordReset } from '../api/request-password-reset';
import { AuthCard } from './auth-card';
import { applyServerErrors } from './form-errors';

const schema = z.object({ email: z.email('Enter a valid e-mail address.') });
type Values = z.infer<typeof schema>;

export function ResetRequestPage() {
  const request = useRequestPasswordReset();
  const [error, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await request.mutateAsync(values);
      setSentTo(values.email);
    } catch (caught) {
      setFormError(applyServerErrors(caught, ['email'], setError) || null);
    }
  });

  return (
    <AuthCard
      title="Reset your password"
      subtitle="We'll e-mail you a link to choose a new password."
      error={error}
    >
      {sentTo ? (
        <Alert color="teal" role="status" title="Check your e-mail">
          If an account uses {sentTo}, a link to reset its password is on its way.
        </Alert>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate aria-label="Reset password">
          <Stack gap="sm">
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="email"
              error={formState.errors.email?.message}
              {...register('email')}
            />
            <Button type="submit" loading={request.isPending}>
              Send the link
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/account/login" size="sm" ta="center">
        Back to log in
      </Anchor>
    </AuthCard>
  );
}
