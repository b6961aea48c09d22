import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditOp, EditCatalogue, EffectChain, EditorState, Version } from '@/lib/api-types';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { editCatalogueFixture, editorFixture, SONG_ID } from '@/testing/fixtures';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

const SLOW = { timeout: 4000 };
// Page-level tests mount the whole editor and walk through modals and menus: give them room.
const TEST_TIMEOUT = 20_000;

const HALL_CHAIN: EffectChain = {
  effects: [{ type: 'reverb', room_size: 0.85, damping: 0.3, wet_level: 0.45, dry_level: 0.6, width: 1 }],
};
const effectsCatalogue: EditCatalogue = {
  ...editCatalogueFixture,
  presets: [
    { name: 'dry', label: 'Dry', chain: { effects: [] } },
    { name: 'hall', label: 'Concert hall', chain: HALL_CHAIN },
    { name: 'slapback', label: 'Slapback', chain: { effects: [{ type: 'delay', delay_seconds: 0.1, feedback: 0.1, mix: 0.3 }] } },
  ],
};

const versionFixture = (overrides: Partial<Version> = {}): Version => ({
  id: 7,
  name: 'First mix',
  edits: 2,
  created_at: '2025-01-01T00:00:00Z',
  ...overrides,
});

/** Records every POSTed edit and answers with an unchanged (undoable) state. */
function captureEdits() {
  const edits: EditOp[] = [];
  server.use(
    http.post('*/api/songs/:id/edits', async ({ request }) => {
      edits.push((await request.json()) as EditOp);
      return HttpResponse.json({ ...editorFixture({ can_undo: true }), job: null }, { status: 201 });
    }),
  );
  return edits;
}

async function openEditor() {
  const user = userEvent.setup();
  renderRoute(routes, `/songs/${SONG_ID}`);
  await screen.findByTestId('editor');
  await waitFor(() => expect(screen.getByTestId('play-toggle')).toBeEnabled(), SLOW);
  return user;
}

type User = Awaited<ReturnType<typeof openEditor>>;

/** Picks an option of a Mantine Select inside `container`. */
async function pick(user: User, container: HTMLElement, label: string, option: string) {
  // The open listbox is labelled too: aim at the input.
  await user.click(within(container).getByLabelText(label, { selector: 'input' }));
  await user.click(await screen.findByRole('option', { name: option }));
}

async function trackAction(user: User, instrumentName: string, item: RegExp) {
  await user.click(screen.getByRole('button', { name: `Actions for ${instrumentName}` }));
  await user.click(await screen.findByRole('menuitem', { name: item }));
}

describe('EditorPage actions', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    document.cookie = 'csrftoken=test-csrf-token; path=/';
  });

  it(
    'Loop section… repeats the selected region the given number of times',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      expect(screen.getByRole('button', { name: 'Loop section…' })).toBeDisabled();

      await user.click(screen.getByRole('button', { name: 'Loop section intro (bars 1–4)' }));
      expect(screen.getByRole('slider', { name: /Loop region/ })).toHaveAttribute('aria-valuetext', 'Bars 1–4');
      await user.click(screen.getByRole('button', { name: 'Loop section…' }));

      const dialog = await screen.findByRole('dialog', {}, SLOW);
      expect(within(dialog).getByText('Repeat bars 1–4')).toBeInTheDocument();
      const times = within(dialog).getByLabelText('Extra repeats');
      await user.clear(times);
      await user.type(times, '3');
      await user.click(within(dialog).getByRole('button', { name: 'Repeat' }));

      await waitFor(() => expect(edits).toEqual([{ type: 'loop_section', start_bar: 0, end_bar: 4, times: 3 }]));
    },
    TEST_TIMEOUT,
  );

  it(
    'Cut and Keep only send the region’s bars',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      const cut = screen.getByRole('button', { name: 'Cut' });
      const keep = screen.getByRole('button', { name: 'Keep only' });
      expect(cut).toBeDisabled();
      expect(keep).toBeDisabled();

      await user.click(screen.getByRole('button', { name: 'Loop section chorus (bars 5–8)' }));
      await waitFor(() => expect(cut).toBeEnabled());
      await user.click(cut);
      await waitFor(() => expect(edits).toEqual([{ type: 'cut', start_bar: 4, end_bar: 8 }]));

      await waitFor(() => expect(keep).toBeEnabled());
      await user.click(keep);
      await waitFor(() =>
        expect(edits).toEqual([
          { type: 'cut', start_bar: 4, end_bar: 8 },
          { type: 'trim', start_bar: 4, end_bar: 8 },
        ]),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'Cut is refused for a region spanning the whole song',
    async () => {
      server.use(
        http.get('*/api/songs/:id/editor', () =>
          HttpResponse.json(editorFixture({ sections: [{ name: 'verse', start_bar: 0, bars: 8 }] })),
        ),
      );
      const user = await openEditor();
      await user.click(screen.getByRole('button', { name: 'Loop section verse (bars 1–8)' }));
      await waitFor(() => expect(screen.getByRole('button', { name: 'Keep only' })).toBeEnabled());
      expect(screen.getByRole('button', { name: 'Cut' })).toBeDisabled();
    },
    TEST_TIMEOUT,
  );

  it(
    'a track’s menu removes it',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      await trackAction(user, 'Electric Bass (finger)', /Remove track/);
      await waitFor(() => expect(edits).toEqual([{ type: 'remove_track', track: 't2' }]));
    },
    TEST_TIMEOUT,
  );

  it(
    'a track’s menu swaps its instrument',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      await trackAction(user, 'Acoustic Grand Piano', /Swap instrument/);
      const dialog = await screen.findByRole('dialog', { name: 'Swap instrument' }, SLOW);
      // Swapping keeps the track's role: no role picker.
      expect(within(dialog).queryByLabelText('Role', { selector: 'input' })).not.toBeInTheDocument();
      await pick(user, dialog, 'Instrument', 'Flute');
      await user.click(within(dialog).getByRole('button', { name: 'Swap' }));
      await waitFor(() => expect(edits).toEqual([{ type: 'change_instrument', track: 't1', instrument: 'flute' }]));
    },
    TEST_TIMEOUT,
  );

  it(
    'a track’s menu regenerates it with a fresh seed',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      await trackAction(user, 'Standard Drum Kit', /Regenerate/);
      await waitFor(() => expect(edits).toHaveLength(1));
      expect(edits[0]).toEqual({ type: 'regenerate', track: 't3', seed: expect.any(Number) });
      const seed = (edits[0] as { seed: number }).seed;
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'Add instrument… sends the instrument, its role and a seed',
    async () => {
      const edits = captureEdits();
      const user = await openEditor();
      await user.click(screen.getByRole('button', { name: 'Add instrument…' }));
      const dialog = await screen.findByRole('dialog', { name: 'Add an instrument' }, SLOW);
      expect(within(dialog).getByRole('button', { name: 'Add' })).toBeDisabled();
      await pick(user, dialog, 'Instrument', 'Flute');
      // The role follows the instrument's default, and can be changed.
      await waitFor(() => expect(within(dialog).getByLabelText('Role', { selector: 'input' })).toHaveValue('Melody'));
      await pick(user, dialog, 'Role', 'Chords');
      await user.click(within(dialog).getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(edits).toHaveLength(1));
      expect(edits[0]).toEqual({ type: 'add_instrument', instrument: 'flute', role: 'chords', seed: expect.any(Number) });
    },
    TEST_TIMEOUT,
  );

  it(
    'versions: save posts the name, restore posts to the version, diff shows the server’s lines',
    async () => {
      const saved: unknown[] = [];
      const restored: string[] = [];
      const diffs: string[] = [];
      const withVersions = (versions: Version[]): EditorState => editorFixture({ versions, head: 2, can_undo: true });
      server.use(
        http.get('*/api/songs/:id/editor', () => HttpResponse.json(withVersions([versionFixture()]))),
        http.post('*/api/songs/:id/versions', async ({ request }) => {
          saved.push(await request.json());
          return HttpResponse.json(
            withVersions([versionFixture(), versionFixture({ id: 8, name: 'Slower mix', edits: 2 })]),
            { status: 201 },
          );
        }),
        http.post('*/api/songs/:id/versions/:vid/restore', ({ params }) => {
          restored.push(String(params.vid));
          return HttpResponse.json({ ...withVersions([versionFixture()]), job: null });
        }),
        http.get('*/api/songs/:id/versions/:vid/diff', ({ params }) => {
          diffs.push(String(params.vid));
          return HttpResponse.json({
            common: 1,
            only_current: ['Tempo 120 → 100 BPM'],
            only_version: ['Removed Standard Drum Kit', 'Transposed +2'],
          });
        }),
      );
      const user = await openEditor();

      await user.type(screen.getByLabelText('Version name'), '  Slower mix ');
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(saved).toEqual([{ name: 'Slower mix' }]));
      expect(await screen.findByText('Slower mix')).toBeInTheDocument();
      expect(screen.getByLabelText('Version name')).toHaveValue('');

      // Two versions now: act on the first one ("First mix", id 7).
      const restoreButtons = screen.getAllByRole('button', { name: 'Restore' });
      expect(restoreButtons).toHaveLength(2);
      await user.click(restoreButtons[0] as HTMLElement);
      await waitFor(() => expect(restored).toEqual(['7']));

      await user.click(screen.getAllByRole('button', { name: 'Diff' })[0] as HTMLElement);
      const diff = await screen.findByTestId('version-diff', {}, SLOW);
      expect(diffs).toEqual(['7']);
      expect(diff).toHaveTextContent('1 edits in common.');
      expect(diff).toHaveTextContent('Only now: Tempo 120 → 100 BPM.');
      expect(diff).toHaveTextContent('Only in “First mix”: Removed Standard Drum Kit; Transposed +2.');
    },
    TEST_TIMEOUT,
  );

  it(
    'applying the hall preset to a track sends track_effects with the preset’s chain',
    async () => {
      const edits = captureEdits();
      server.use(http.get('*/api/effects', () => HttpResponse.json(effectsCatalogue)));
      const user = await openEditor();
      await trackAction(user, 'Electric Bass (finger)', /Effects/);
      const dialog = await screen.findByRole('dialog', { name: /Effects — Electric Bass \(finger\)/ }, SLOW);
      expect(within(dialog).getByText('No effects: the track plays dry.')).toBeInTheDocument();

      await pick(user, dialog, 'Preset', 'Concert hall');
      const effects = within(dialog).getAllByTestId('effect');
      expect(effects).toHaveLength(1);
      expect(within(effects[0] as HTMLElement).getByText('Reverb')).toBeInTheDocument();
      expect(within(dialog).getByRole('slider', { name: 'Reverb Room size' })).toHaveAttribute('aria-valuenow', '0.85');
      await user.click(within(dialog).getByRole('button', { name: 'Save effects' }));

      await waitFor(() => expect(edits).toEqual([{ type: 'track_effects', track: 't2', chain: HALL_CHAIN }]));
      // The dialog closes once the server has the new chain.
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(), SLOW);
    },
    TEST_TIMEOUT,
  );
});
