import { Alert, Button, Group, Stack } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { NotFoundPage } from './not-found-page';

/** What a route shows instead of crashing: the 404 page, or what went wrong with a way to carry on. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const message = error instanceof Error ? error.message : isRouteErrorResponse(error) ? error.statusText : String(error);
  return (
    <Alert color="red" title="Something went wrong on this page" role="alert" data-testid="route-error">
      <Stack gap="sm" align="flex-start">
        {message}
        <Group>
          <Button size="xs" variant="light" color="red" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
          <Button size="xs" variant="default" component={Link} to="/">
            Back to Make a song
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
