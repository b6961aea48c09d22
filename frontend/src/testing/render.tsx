import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/query-client';

function testQueryClient() {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  return queryClient;
}

export function renderWithProviders(ui: ReactElement): RenderResult {
  const router = createMemoryRouter([{ path: '*', element: ui }]);
  return render(
    <AppProvider queryClient={testQueryClient()} env="test">
      <RouterProvider router={router} />
    </AppProvider>,
  );
}

/** Renders the app's routes at a URL, as the browser would. */
export function renderRoute(routes: RouteObject[], url: string): RenderResult {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  return render(
    <AppProvider queryClient={testQueryClient()} env="test">
      <RouterProvider router={router} />
    </AppProvider>,
  );
}
