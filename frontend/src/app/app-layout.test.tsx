import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '@/testing/render';
import { routes } from './routes';

describe('AppLayout', () => {
  it('shows an unknown address as a page of the app, with ways back', async () => {
    renderRoute(routes, '/no/such/page');

    const page = await screen.findByTestId('not-found');
    expect(within(page).getByRole('heading', { name: 'Page not found' })).toBeVisible();
    expect(page).toHaveTextContent('There is no page at /no/such/page.');
    expect(within(page).getByRole('link', { name: 'Make a song' })).toHaveAttribute('href', '/');
    expect(within(page).getByRole('link', { name: 'Your library' })).toHaveAttribute('href', '/library');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeVisible(); // in the app's layout
  });

  it('starts with a skip link to the content, and offers sign-up in the header', async () => {
    const user = userEvent.setup();
    renderRoute(routes, '/no/such/page');
    await screen.findByTestId('not-found');

    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(document.getElementById('main')).toHaveFocus();
    expect(await screen.findByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/account/signup');
  });

  it('lists the keyboard shortcuts on "?"', async () => {
    const user = userEvent.setup();
    renderRoute(routes, '/no/such/page');
    await screen.findByTestId('not-found');

    await user.keyboard('?');

    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Play / pause')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Close dialog' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
