import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute } from '@/testing/render';
import { ServerPageRoute } from './server-page-route';

describe('ServerPageRoute', () => {
  const original = window.location;
  afterEach(() => {
    Object.defineProperty(window, 'location', { value: original, configurable: true });
  });

  it('loads a share page from the server when the app navigates to it', () => {
    const replace = vi.fn();
    Object.defineProperty(window, 'location', { value: { ...original, replace }, configurable: true });
    renderRoute([{ path: '/s/*', element: <ServerPageRoute /> }], '/s/abc_DEF-123?from=login');

    expect(replace).toHaveBeenCalledWith('/s/abc_DEF-123?from=login');
    expect(screen.getByLabelText('Opening the page')).toBeInTheDocument();
  });
});
