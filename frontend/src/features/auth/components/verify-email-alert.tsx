import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '@/lib/api-client';
import { useRequestEmailCode } from '../api/request-email-code';
import { VerifyEmailCodeStep } from './verify-email-code-step';

const CODE_EXPIRED = 'This code has expired or was tried too often. Ask for a new one.';

/** For accounts made before addresses were verified: mails a code and takes it, on the account page. */
export function VerifyEmailAlert({ email, verified }: { email: string; verified: boolean }) {
  const request = useRequestEmailCode();
  const [step, setStep] = useState<'ask' | 'code' | 'done'>('ask');
  const [error, setError] = useState<string | null>(null);

  if (verified) {
    // Shown only to whoever just verified it here.
    return step === 'ask' ? null : (
      <Alert color="teal" role="status">
        Your e-mail address is verified.
      </Alert>
    );
  }
  const sendCode = async () => {
    setError(null);
    try {
      await request.mutateAsync({ email });
      setStep('code');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  return (
    <Alert color="yellow" title="Verify your e-mail address" role="region" aria-label="Verify your e-mail address">
      <Stack gap="sm">
        <Text size="sm">Your e-mail address is not verified. Sharing by link needs a verified address.</Text>
        {error && (
          <Text size="sm" c="var(--mantine-color-red-light-color)" role="alert">
            {error}
          </Text>
        )}
        {step === 'code' ? (
          <VerifyEmailCodeStep
            email={email}
            finishes="verify your address"
            onVerified={() => setStep('done')}
            onStartOver={(expired) => {
              setStep('ask');
              setError(expired ? CODE_EXPIRED : null);
            }}
          />
        ) : (
          <Button variant="light" color="yellow" loading={request.isPending} onClick={() => void sendCode()} w="fit-content">
            Send me a code
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
