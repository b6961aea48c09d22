import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useSignUp } from '../api/sign-up';
import { AuthCard } from './auth-card';
import { applyServerErrors } from './form-errors';

const schema = z.object({
  email: z.email('Enter a valid e-mail address.'),
  password: z.string().min(8, 'Use at least 8 characters.'),
});
type Values = z.infer<typeof schema>;

export function SignUpPage() {
  const signUp = useSignUp();
  const navigate = useNavigate();
  const [error, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signUp.mutateAsync(values);
      await navigate('/');
    } catch (caught) {
      setFormError(applyServerErrors(caught, ['email', 'password'], setError) || null);
    }
  });

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
