import { Anchor, AppShell, Container, Group, Text } from '@mantine/core';
import { Link, Outlet, useMatch } from 'react-router';
import { ColorSchemeToggle } from './color-scheme-toggle';

export function AppLayout() {
  // The editor uses the full width of a desktop screen; the generate page stays narrow.
  const wide = useMatch('/songs/:id') !== null;
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Container size={wide ? 'xl' : 'lg'} h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Group gap="xs" wrap="nowrap">
                <img src="/favicon.svg" alt="" width={28} height={28} />
                <Text fw={700} size="lg" truncate="end">
                  Music AI Generator
                </Text>
              </Group>
            </Anchor>
            <ColorSchemeToggle />
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size={wide ? 'xl' : 'lg'} px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
