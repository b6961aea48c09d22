import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useSignUp } from '../api/sign-up';
import { useSessionChange } from '../api/use-session-change';
import { AuthCard } from './auth-card';
import { applyServerErrors } from './form-errors';
import { VerifyEmailCodeStep } from './verify-email-code-step';

const schema = z.object({
  email: z.email('Enter a valid e-mail address.'),
  password: z.string().min(8, 'Use at least 8 characters.'),
});
type Values = z.infer<typeof schema>;

const CODE_EXPIRED = 'This code has expired or was tried too often. Sign up again.';

export function SignUpPage() {
  const signUp = useSignUp();
  const sessionChanged = useSessionChange();
  const navigate = useNavigate();
  const [error, setFormError] = useState<string | null>(null);
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      if ((await signUp.mutateAsync(values)) === 'code-sent') setCodeSentTo(values.email);
      else await navigate('/');
    } catch (caught) {
      setFormError(applyServerErrors(caught, ['email', 'password'], setError) || null);
    }
  });

  if (codeSentTo) {
    return (
      <AuthCard title="Check your e-mail">
        <VerifyEmailCodeStep
          email={codeSentTo}
          finishes="finish signing up"
          onVerified={async () => {
            await sessionChanged();
            await navigate('/');
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
      title="Create your account"
      subtitle="Keep your songs, edits and preferences in your own library. Songs you made in this browser come with you."
      error={error}
    >
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Sign up">
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
            autoComplete="new-password"
            description="At least 8 characters, not too common."
            error={formState.errors.password?.message}
            {...register('password')}
          />
          <Button type="submit" loading={signUp.isPending} mt="xs">
            Sign up
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Already have an account?{' '}
            <Anchor component={Link} to="/account/login">
              Log in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
