import type { RouteObject } from 'react-router';
import { AppLayout } from './app-layout';
import { EditorRoute } from './editor-route';
import { HomePage } from './home-page';

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/songs/:id', element: <EditorRoute /> },
    ],
  },
];
