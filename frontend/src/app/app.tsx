import { AppShell, Container, Group, Text } from '@mantine/core';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { HomePage } from './home-page';
import { AppProvider } from './provider';

export function AppLayout() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <Text fw={700} size="lg" truncate="end">
                Music AI Generator
              </Text>
            </Group>
            <ColorSchemeToggle />
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg" px={0}>
          <HomePage />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  return (
    <AppProvider>
      <AppLayout />
    </AppProvider>
  );
}
