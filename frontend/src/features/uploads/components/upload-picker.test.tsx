import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Upload } from '@/lib/api-types';
import { uploadFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { UploadPicker } from './upload-picker';

const IN_USE = 'This recording is used in “Happy Pop in C major”. Delete those songs first.';
const SPARE = '00000000-0000-4000-8000-000000000002';

/** The uploads API: the list, and a delete refused (409) for an upload a song uses. */
function uploadsApi(stored: Upload[], used: Set<string>) {
  const deleted: string[] = [];
  server.use(
    http.get('*/api/uploads/', () => HttpResponse.json(stored)),
    http.delete('*/api/uploads/:id', ({ params }) => {
      const id = String(params.id);
      if (used.has(id)) return HttpResponse.json({ message: IN_USE, extra: { songs: ['x'] } }, { status: 409 });
      deleted.push(id);
      stored.splice(stored.findIndex((u) => u.id === id), 1);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return deleted;
}

function Picker({ initial }: { initial: string }) {
  const [chosen, setChosen] = useState<string | null>(initial);
  return <UploadPicker chosen={chosen} onChoose={setChosen} />;
}

describe('Upload picker', () => {
  it('deletes a recording only after confirming, and shows why one in use cannot be', async () => {
    const used = uploadFixture();
    const spare = uploadFixture({ id: SPARE, filename: 'spare take.wav' });
    const deleted = uploadsApi([used, spare], new Set([used.id]));
    const user = userEvent.setup();
    renderWithProviders(<Picker initial={used.id} />);

    await user.click(await screen.findByRole('button', { name: 'Delete recording…' }));
    expect(screen.getByText(`Delete “${used.filename}” and its files for good?`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(IN_USE)).toBeInTheDocument();
    expect(deleted).toEqual([]);

    await user.click(screen.getByRole('textbox', { name: 'Recording' }));
    await user.click(await screen.findByRole('option', { name: 'spare take.wav' }));
    await user.click(await screen.findByRole('button', { name: 'Delete recording…' }));
    await user.click(screen.getByRole('button', { name: 'Keep' }));
    expect(deleted).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Delete recording…' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(deleted).toEqual([SPARE]));
    await waitFor(() => expect(screen.queryByTestId('upload-summary')).not.toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: 'Recording' })).toHaveValue('');
  }, 20_000);
});
