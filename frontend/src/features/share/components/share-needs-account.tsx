import { Alert, Anchor, Group, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** Who is sharing: anyone with a link can listen, so links belong to accounts with a verified address. */
export type Sharer = 'visitor' | 'unverified' | 'verified';

/** Takes the place of "Create link" for a visitor or an account whose address is not verified yet. */
export function ShareNeedsAccount({ sharer }: { sharer: Exclude<Sharer, 'verified'> }) {
  const { pathname, search } = useLocation();
  if (sharer === 'unverified') {
    return (
      <Alert color="yellow" role="note">
        <Text size="sm">
          Sharing by link needs a verified e-mail address.{' '}
          <Anchor component={Link} to="/account" size="sm">
            Verify it on your account page
          </Anchor>
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="blue" role="note">
      <Group gap="xs" justify="space-between">
        <Text size="sm">Sharing by link needs an account.</Text>
        <Group gap="sm">
          <Anchor component={Link} to="/account/signup" size="sm">
            Sign up
          </Anchor>
          <Anchor component={Link} to={`/account/login?next=${encodeURIComponent(pathname + search)}`} size="sm">
            Log in
          </Anchor>
        </Group>
      </Group>
    </Alert>
  );
}
