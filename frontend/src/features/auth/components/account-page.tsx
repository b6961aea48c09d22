import { Anchor, Card, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAccount } from '../api/get-account';
import { useComposerOptions } from '../api/get-options';
import { usePreferences } from '../api/get-preferences';
import { AuthCard } from './auth-card';
import { ChangePasswordForm } from './change-password-form';
import { DeleteAccountForm } from './delete-account-form';
import { PreferencesForm } from './preferences-form';
import { VerifyEmailAlert } from './verify-email-alert';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function AccountPage() {
  const account = useAccount();
  const signedIn = account.data?.is_authenticated === true;
  const preferences = usePreferences({ enabled: signedIn });
  const options = useComposerOptions();

  if (account.isPending) return <Loader aria-label="Loading" />;
  if (!signedIn) {
    return (
      <AuthCard title="Your account" subtitle="Log in to see your account.">
        <Anchor component={Link} to="/account/login?next=/account">
          Log in
        </Anchor>
      </AuthCard>
    );
  }
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Your account
        </Title>
        <Text c="dimmed" size="sm">
          Signed in as <b>{account.data?.email}</b>
        </Text>
      </Stack>
      {account.data?.email && <VerifyEmailAlert email={account.data.email} verified={account.data.email_verified} />}
      <Section title="Preferences">
        {preferences.data && options.data ? (
          <PreferencesForm options={options.data} saved={preferences.data} />
        ) : (
          <Loader size="sm" aria-label="Loading preferences" />
        )}
      </Section>
      <Section title="Password">
        <ChangePasswordForm />
      </Section>
      <Section title="Delete account">
        <DeleteAccountForm />
      </Section>
    </Stack>
  );
}
