import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ApiError } from '@/lib/api-client';
import { useResendEmailCode } from '../api/resend-email-code';
import { useVerifyEmail } from '../api/verify-email';
import { normaliseEmailCode } from '../email-code';

const schema = z.object({ code: z.string().trim().min(1, 'Enter the code from the e-mail.') });
type Values = z.infer<typeof schema>;

export interface VerifyEmailCodeStepProps {
  email: string;
  /** What the code finishes, after "Enter it to": "finish signing up". */
  finishes: string;
  onVerified: () => Promise<void> | void;
  /** Back to the start: asked for, or `expired` when no code can work any more. */
  onStartOver: (expired: boolean) => void;
}

/** Takes the code mailed to the address: the last step of signing up, logging in or verifying it. */
export function VerifyEmailCodeStep({ email, finishes, onVerified, onStartOver }: VerifyEmailCodeStepProps) {
  const verify = useVerifyEmail();
  const resend = useResendEmailCode();
  const [resent, setResent] = useState<{ ok: boolean; message: string } | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { code: '' },
  });
  const expired = (caught: unknown) => caught instanceof ApiError && caught.status === 409;

  const submit = handleSubmit(async ({ code }) => {
    try {
      await verify.mutateAsync({ key: normaliseEmailCode(code) });
    } catch (caught) {
      if (expired(caught)) onStartOver(true);
      else setError('code', { type: 'server', message: errorMessage(caught) });
      return;
    }
    await onVerified();
  });

  const sendAnother = async () => {
    setResent(null);
    try {
      await resend.mutateAsync();
      setResent({ ok: true, message: 'Sent.' });
    } catch (caught) {
      if (expired(caught)) onStartOver(true);
      else setResent({ ok: false, message: errorMessage(caught) });
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Verify e-mail">
      <Stack gap="sm">
        <Text size="sm">
          We sent a code to <b>{email}</b>. Enter it to {finishes}.
        </Text>
        <TextInput
          label="Code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="XXXX-XXXX"
          error={formState.errors.code?.message}
          {...register('code')}
        />
        <Button type="submit" loading={verify.isPending}>
          Verify
        </Button>
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Button variant="subtle" size="compact-sm" loading={resend.isPending} onClick={() => void sendAnother()}>
              Send a new code
            </Button>
            {resent && (
              <Text size="sm" c={resent.ok ? 'teal' : 'red'} role={resent.ok ? 'status' : 'alert'}>
                {resent.message}
              </Text>
            )}
          </Group>
          <Anchor component="button" type="button" size="sm" onClick={() => onStartOver(false)}>
            Start over
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

function errorMessage(caught: unknown): string {
  if (caught instanceof ApiError) return caught.fieldErrors.key ?? caught.message;
  return caught instanceof Error ? caught.message : String(caught);
}
