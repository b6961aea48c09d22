import type { RouteObject } from 'react-router';
import {
  AccountPage,
  LogInPage,
  ResetPasswordPage,
  ResetRequestPage,
  SignUpPage,
} from '@/features/auth';
import { LibraryPage } from '@/features/library';
import { AppLayout } from './app-layout';
import { EditorRoute } from './editor-route';
import { HomePage } from './home-page';
import { NotFoundPage } from './not-found-page';
import { RouteError } from './route-error';
import { ServerPageRoute } from './server-page-route';

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    // Outside the layout only if the layout itself failed; a page's error shows inside it (below).
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/songs/:id', element: <EditorRoute /> },
          { path: '/s/*', element: <ServerPageRoute /> },
          { path: '/library', element: <LibraryPage /> },
          { path: '/account', element: <AccountPage /> },
          { path: '/account/signup', element: <SignUpPage /> },
          { path: '/account/login', element: <LogInPage /> },
          { path: '/account/reset', element: <ResetRequestPage /> },
          { path: '/account/reset/:key', element: <ResetPasswordPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
