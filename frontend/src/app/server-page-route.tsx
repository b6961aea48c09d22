import { Group, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Pages the server renders (a share link's `/s/<token>`) reached by an in-app navigation, e.g. back from
 * log-in: load them from the server instead of looking for them among the app's routes.
 */
export function ServerPageRoute() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    window.location.replace(`${pathname}${search}`);
  }, [pathname, search]);
  return (
    <Group justify="center" p="xl">
      <Loader aria-label="Opening the page" />
    </Group>
  );
}
