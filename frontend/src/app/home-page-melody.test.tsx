import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '@/lib/api-types';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { jobFixture, optionsFixture, songFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { HomePage } from './home-page';

const SLOW = { timeout: 4000 };

describe('HomePage: a song from a melody', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    document.cookie = 'csrftoken=test-csrf-token; path=/';
    server.use(
      http.get('*/api/options', () =>
        HttpResponse.json({
          ...optionsFixture,
          instruments: [
            ...optionsFixture.instruments,
            { slug: 'clarinet', name: 'Clarinet', family: 'Reed', default_role: 'lead', is_drum_kit: false },
          ],
        }),
      ),
    );
  });

  it('sends an uploaded melody, follows its job and opens the song', async () => {
    const posts: { csrf: string | null; genre: FormDataEntryValue | null }[] = [];
    server.use(
      http.post('*/api/songs/from-melody', async ({ request }) => {
        const form = await request.formData();
        posts.push({ csrf: request.headers.get('X-CSRFToken'), genre: form.get('genre') });
        return HttpResponse.json(
          { song: songFixture({ status: 'pending' }), job: jobFixture({ status: 'queued' }), upload: 'u1' },
          { status: 202 },
        );
      }),
    );
    const jobs: Job[] = [
      jobFixture({ status: 'running', progress: 3, stage: 'Listening to the melody' }),
      jobFixture({ status: 'succeeded', progress: 100, stage: 'done' }),
    ];
    let polls = 0;
    server.use(http.get('*/api/jobs/:id', () => HttpResponse.json(jobs[Math.min(polls++, jobs.length - 1)])));
    const user = userEvent.setup();
    renderWithProviders(<HomePage />);

    const panel = await screen.findByRole('form', { name: 'Hum a melody' });
    await user.click(within(panel).getByText('Upload a file'));
    const picker = panel.querySelector<HTMLInputElement>('input[type="file"]');
    await user.upload(picker as HTMLInputElement, new File(['RIFF'], 'hum.wav', { type: 'audio/wav' }));
    await user.selectOptions(within(panel).getByLabelText('Genre of the song'), 'rock');
    await user.click(within(panel).getByRole('button', { name: 'Make a song from this melody' }));

    expect(await screen.findByText('Listening to the melody', {}, SLOW)).toBeVisible();
    expect(posts).toEqual([{ csrf: 'test-csrf-token', genre: 'rock' }]);
    const player = await screen.findByTestId('player', {}, SLOW);
    expect(player).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open in editor' })).toHaveAttribute(
      'href',
      `/songs/${songFixture().id}`,
    );
  });
});
