import type { RouteObject } from 'react-router';
import { AppLayout } from './app-layout';
import { EditorRoute } from './editor-route';
import { HomePage } from './home-page';
import { ServerPageRoute } from './server-page-route';

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/songs/:id', element: <EditorRoute /> },
      { path: '/s/*', element: <ServerPageRoute /> },
    ],
  },
];
