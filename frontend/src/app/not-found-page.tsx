import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** An address the app has no page for: says so in the app's own layout, with ways back. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Card withBorder radius="lg" padding="xl" component="section" aria-labelledby="not-found-title" data-testid="not-found">
      <Stack gap="sm" align="center" ta="center" py="lg">
        <Text fz={48} lh={1} c="dimmed" aria-hidden="true">
          ♪?
        </Text>
        <Title order={1} size="h2" id="not-found-title">
          Page not found
        </Title>
        <Text c="dimmed" maw={460} style={{ overflowWrap: 'anywhere' }}>
          There is no page at <Text span ff="monospace">{pathname}</Text>. The link may be out of date, or the
          address mistyped.
        </Text>
        <Group justify="center" mt="sm">
          <Button component={Link} to="/">
            Make a song
          </Button>
          <Button component={Link} to="/library" variant="default">
            Your library
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
