import { useEffect, useRef } from 'react';

/** Where a key belongs to the control that has the focus: typing, picking, or moving a slider. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const ARROW_ROLES = new Set(['slider', 'radio', 'tab', 'menuitem', 'option', 'listbox', 'combobox', 'spinbutton']);

function usesArrows(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (isTextField(target) || ARROW_ROLES.has(target.getAttribute('role') ?? ''));
}

function inDialog(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[role="dialog"]') !== null;
}

export const SEEK_KEY_SECONDS = 5;

export interface PlayerShortcuts {
  togglePlay: () => void;
  /** Move the playhead by this many seconds (negative: back). */
  seekBy: (seconds: number) => void;
  /** Mute / solo the track whose row holds the focus (rows carry `data-track-id`). */
  toggleMute?: (trackId: string) => void;
  toggleSolo?: (trackId: string) => void;
  undo?: () => void;
  redo?: () => void;
}

/** The list the "?" dialog shows; the hook below is what makes each one work. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Space', what: 'Play / pause' },
  { keys: '← / →', what: `Back / forward ${SEEK_KEY_SECONDS} s` },
  { keys: 'M', what: 'Mute the track that has the focus' },
  { keys: 'S', what: 'Solo the track that has the focus' },
  { keys: 'Ctrl+Z / ⌘Z', what: 'Undo (editor)' },
  { keys: 'Shift+Ctrl+Z / ⇧⌘Z', what: 'Redo (editor)' },
  { keys: '?', what: 'Show these shortcuts' },
  { keys: 'Arrows on a slider', what: 'Seek 5 s, volume 1 dB, pan 5 % (Page Up / Down: 30 s, 6 dB, 25 %)' },
];

/**
 * The keyboard shortcuts of a page with a player. Keys typed into a field, or used by the focused control
 * (arrows on a slider), or pressed inside a dialog, are left alone.
 */
export function usePlayerShortcuts(shortcuts: PlayerShortcuts | null) {
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  const active = shortcuts !== null;
  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent) => {
      const actions = current.current;
      if (!actions || event.defaultPrevented || isTextField(event.target) || inDialog(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && actions.undo && actions.redo) {
        event.preventDefault();
        if (event.shiftKey) actions.redo();
        else actions.undo();
        return;
      }
      if (mod || event.altKey) return;
      const row = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[data-track-id]') : null;
      const trackId = row?.dataset.trackId;
      if (event.code === 'Space') {
        event.preventDefault();
        if (!event.repeat) actions.togglePlay();
      } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && !usesArrows(event.target)) {
        event.preventDefault();
        actions.seekBy(event.key === 'ArrowLeft' ? -SEEK_KEY_SECONDS : SEEK_KEY_SECONDS);
      } else if (key === 'm' && trackId && actions.toggleMute) {
        event.preventDefault();
        actions.toggleMute(trackId);
      } else if (key === 's' && trackId && actions.toggleSolo) {
        event.preventDefault();
        actions.toggleSolo(trackId);
      }
    };
    // Space on a focused button would also "click" it on key-up.
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.code === 'Space' && !isTextField(event.target) && !inDialog(event.target)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [active]);
}
