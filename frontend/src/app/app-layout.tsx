import { Anchor, AppShell, Button, Container, Group, Text } from '@mantine/core';
import { Link, NavLink, Outlet, useMatch } from 'react-router';
import { AccountMenu } from '@/features/auth';
import classes from './app-layout.module.css';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { ShortcutsDialog } from './shortcuts-dialog';

function NavButton({ to, label }: { to: string; label: string }) {
  const active = useMatch(to) !== null;
  return (
    <Button component={NavLink} to={to} end variant={active ? 'light' : 'subtle'} size="xs" px={8}>
      {label}
    </Button>
  );
}

export function AppLayout() {
  // The editor uses the full width of a desktop screen; the generate page stays narrow.
  const wide = useMatch('/songs/:id') !== null;
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <a
        href="#main"
        className={classes.skipLink}
        onClick={(event) => {
          event.preventDefault();
          const main = document.getElementById('main');
          main?.focus();
          main?.scrollIntoView();
        }}
      >
        Skip to content
      </a>
      <AppShell.Header>
        <Container size={wide ? 'xl' : 'lg'} h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Music AI Generator home">
              <Group gap="xs" wrap="nowrap">
                <img src="/favicon.svg" alt="" width={28} height={28} />
                <Text fw={700} size="lg" truncate="end" visibleFrom="sm">
                  Music AI Generator
                </Text>
              </Group>
            </Anchor>
            <Group gap={4} wrap="nowrap" component="nav" aria-label="Main">
              <NavButton to="/" label="Make" />
              <NavButton to="/library" label="Library" />
              <AccountMenu />
              <ColorSchemeToggle />
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Container size={wide ? 'xl' : 'lg'} px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
      <ShortcutsDialog />
    </AppShell>
  );
}
