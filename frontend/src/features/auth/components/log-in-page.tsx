import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { useLogIn } from '../api/log-in';
import { useSessionChange } from '../api/use-session-change';
import { AuthCard } from './auth-card';
import { applyServerErrors } from './form-errors';
import { VerifyEmailCodeStep } from './verify-email-code-step';

const schema = z.object({
  email: z.email('Enter a valid e-mail address.'),
  password: z.string().min(1, 'Enter your password.'),
});
type Values = z.infer<typeof schema>;

const CODE_EXPIRED = 'This code has expired or was tried too often. Log in again.';

/** Only paths of this site are followed after logging in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/library';
}

export function LogInPage() {
  const logIn = useLogIn();
  const sessionChanged = useSessionChange();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setFormError] = useState<string | null>(null);
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      if ((await logIn.mutateAsync(values)) === 'code-sent') setCodeSentTo(values.email);
      else await navigate(safeNext(params.get('next')));
    } catch (caught) {
      setFormError(applyServerErrors(caught, ['email'], setError) || null);
    }
  });

  if (codeSentTo) {
    return (
      <AuthCard title="Check your e-mail" subtitle="Your e-mail address is not verified yet.">
        <VerifyEmailCodeStep
          email={codeSentTo}
          finishes="finish logging in"
          onVerified={async () => {
            await sessionChanged();
            await navigate(safeNext(params.get('next')));
          }}
          onStartOver={(expired) => {
            setCodeSentTo(null);
            setFormError(expired ? CODE_EXPIRED : null);
          }}
        />
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Log in"
      subtitle={params.get('reset') ? 'Your password is changed. Log in with the new one.' : undefined}
      error={error}
    >
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Log in">
        <Stack gap="sm">
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="email"
            error={formState.errors.email?.message}
            {...register('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            error={formState.errors.password?.message}
            {...register('password')}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/account/reset" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" loading={logIn.isPending}>
            Log in
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            New here?{' '}
            <Anchor component={Link} to="/account/signup">
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
