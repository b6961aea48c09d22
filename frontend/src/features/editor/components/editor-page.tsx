import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { PauseIcon, PlayIcon } from '@/components/ui/icons';
import { dbToLinear } from '@/lib/audio-engine';
import type { EditOp, EditOpOf, EditorState, EffectChain, ExportFormat, Limit } from '@/lib/api-types';
import { formatTime } from '@/lib/format-time';
import { useFocusReturnOnClose } from '@/lib/focus-return';
import { usePlayerShortcuts } from '@/lib/keyboard-shortcuts';
import { useApplyEdit } from '../api/apply-edit';
import { editorQueryKey, useEditor } from '../api/get-editor';
import { useJob } from '../api/get-job';
import { useEffects } from '../api/get-effects';
import { useOptions } from '../api/get-options';
import { useRedoEdit } from '../api/redo-edit';
import { useRestoreVersion } from '../api/restore-version';
import { useSaveVersion } from '../api/save-version';
import { useUndoEdit } from '../api/undo-edit';
import { useEditorEngine } from '../use-editor-engine';
import classes from './editor.module.css';
import { EffectsPanel } from './effects-panel';
import { ExportDialog } from './export-dialog';
import { HistoryPanel } from './history-panel';
import { type BarRange, Timeline } from './timeline';
import { TrackLane } from './track-lane';

type SetKey = EditOpOf<'set_key'>;
type AddInstrument = EditOpOf<'add_instrument'>;

/** Whether a value lies within an op's bounds (false while they are unknown). */
const within = (value: number, limit: Limit | undefined) =>
  limit !== undefined && Number.isFinite(value) && value >= limit.min && value <= limit.max;

const MAX_PEAK_SCALE = 10;
const newSeed = () => Math.floor(Math.random() * 2 ** 31);

type Dialog =
  | { kind: 'effects'; track: string | null }
  | { kind: 'add' }
  | { kind: 'swap'; track: string }
  | { kind: 'loop' }
  | { kind: 'export' }
  | null;

/** `share` renders the app's share control for the current state, `audioTrack` its "add audio track"
 * control, which applies edits in order through `edit` (composed in src/app: features stay apart). */
export interface EditorPageProps {
  songId: string;
  share?: (state: EditorState) => ReactNode;
  audioTrack?: (state: EditorState, edit: (op: EditOp) => Promise<void>, busy: boolean, tempoLimit: Limit | undefined) => ReactNode;
  /** The export dialog's starting format (the user's preference). */
  exportFormat?: ExportFormat | null;
}

export function EditorPage({ songId, share, audioTrack, exportFormat }: EditorPageProps) {
  const editor = useEditor(songId);
  if (editor.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading the editor" />
      </Group>
    );
  }
  if (editor.isError) {
    return (
      <Alert color="red" title="Could not open the editor">
        {editor.error.message}
      </Alert>
    );
  }
  return (
    <Editor
      songId={songId}
      state={editor.data}
      share={share}
      audioTrack={audioTrack}
      exportFormat={exportFormat}
    />
  );
}

function Editor({
  songId,
  state,
  share,
  audioTrack,
  exportFormat,
}: {
  songId: string;
  state: EditorState;
  share: EditorPageProps['share'];
  audioTrack: EditorPageProps['audioTrack'];
  exportFormat: EditorPageProps['exportFormat'];
}) {
  const queryClient = useQueryClient();
  const options = useOptions();
  const opLimits = useEffects().data?.op_limits;
  const apply = useApplyEdit(songId);
  const undo = useUndoEdit(songId);
  const redo = useRedoEdit(songId);
  const saveVersion = useSaveVersion(songId);
  const restore = useRestoreVersion(songId);
  const { engine, snapshot, audioTempo } = useEditorEngine(songId, state);
  const [loop, setLoop] = useState<BarRange | null>(null);
  const [looping, setLooping] = useState(true);
  const [dialog, setDialog] = useState<Dialog>(null);
  const rememberFocus = useFocusReturnOnClose(dialog !== null);
  const openDialog = useCallback(
    (next: NonNullable<Dialog>) => {
      rememberFocus();
      setDialog(next);
    },
    [rememberFocus],
  );
  const [error, setError] = useState<string | null>(null);

  // Follow the render of the current state; when it ends, fetch the state with its new stems.
  const renderJobId = state.render.status === 'rendering' ? state.render.job_id : null;
  const renderJob = useJob(renderJobId);
  const renderEnded = renderJob.data?.status === 'succeeded' || renderJob.data?.status === 'failed';
  useEffect(() => {
    if (renderEnded) void queryClient.invalidateQueries({ queryKey: editorQueryKey(songId) });
  }, [renderEnded, queryClient, songId]);

  const fail = useCallback((cause: Error) => setError(cause.message), []);
  const edit = useCallback(
    (op: EditOp) => {
      setError(null);
      apply.mutate(op, { onError: fail });
    },
    [apply, fail],
  );
  const editInOrder = useCallback(
    async (op: EditOp) => {
      setError(null);
      try {
        await apply.mutateAsync(op);
      } catch (cause) {
        if (cause instanceof Error) fail(cause);
        throw cause;
      }
    },
    [apply, fail],
  );
  const doUndo = useCallback(() => {
    setError(null);
    undo.mutate(undefined, { onError: fail });
  }, [undo, fail]);
  const doRedo = useCallback(() => {
    setError(null);
    redo.mutate(undefined, { onError: fail });
  }, [redo, fail]);

  const togglePlay = useCallback(() => {
    if (!engine) return;
    if (engine.getSnapshot().playing) engine.pause();
    else void engine.play();
  }, [engine]);

  usePlayerShortcuts({
    togglePlay,
    seekBy: (seconds) => engine?.seek(Math.max(0, engine.getSnapshot().position + seconds)),
    toggleMute: (id) => {
      const track = state.tracks.find((candidate) => candidate.id === id);
      if (!track) return;
      engine?.setMuted(id, !track.mute);
      edit({ type: 'track_mute', track: id, mute: !track.mute });
    },
    toggleSolo: (id) => {
      const track = state.tracks.find((candidate) => candidate.id === id);
      if (!track) return;
      engine?.setSoloed(id, !track.solo);
      edit({ type: 'track_solo', track: id, solo: !track.solo });
    },
    undo: doUndo,
    redo: doRedo,
  });

  // The loop region is kept in bars; the engine needs seconds of the audio it is playing.
  const secondsPerBar = (60 / (audioTempo ?? state.tempo)) * state.beats_per_bar;
  const safeLoop = loop && loop.end <= state.bars ? loop : null;
  useEffect(() => {
    if (!engine || snapshot.status !== 'ready') return;
    engine.setLoop(safeLoop && looping ? { start: safeLoop.start * secondsPerBar, end: safeLoop.end * secondsPerBar } : null);
  }, [engine, snapshot.status, safeLoop, looping, secondsPerBar]);

  const readLevel = useMemo(() => {
    let cache: Record<string, number> = {};
    let at = 0;
    return (id: string) => {
      const now = performance.now();
      if (engine && now - at > 10) {
        cache = engine.levels();
        at = now;
      }
      return cache[id] ?? 0;
    };
  }, [engine]);

  const duration = snapshot.duration || state.duration_seconds;
  const progress = duration > 0 ? snapshot.position / duration : 0;
  const peakScale = useMemo(() => {
    const loudest = Math.max(0, ...state.tracks.flatMap((track) => track.peaks));
    return loudest > 0 ? Math.min(MAX_PEAK_SCALE, 1 / loudest) : 1;
  }, [state.tracks]);
  const anySolo = state.tracks.some((track) => track.solo);
  const roleLabel = (role: string) => options.data?.roles.find((choice) => choice.value === role)?.label ?? role;
  const effectsTrack = dialog?.kind === 'effects' ? state.tracks.find((track) => track.id === dialog.track) : undefined;
  const effectsChain: EffectChain | null =
    dialog?.kind === 'effects' ? (dialog.track === null ? state.master_chain : (effectsTrack?.chain ?? null)) : null;
  const busy = apply.isPending || undo.isPending || redo.isPending || restore.isPending;

  return (
    <Stack gap="md" data-testid="editor">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {state.title}
          </Title>
          <Group gap={6}>
            <Badge variant="default">{Math.round(state.tempo * 10) / 10} BPM</Badge>
            <Badge variant="default">
              {state.key} {state.mode}
            </Badge>
            <Badge variant="default">
              {state.bars} bars · {formatTime(state.duration_seconds)}
            </Badge>
            <RenderBadge state={state} progress={renderJob.data?.progress} />
          </Group>
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={doUndo} disabled={!state.can_undo || busy} title="Undo (Ctrl/Cmd+Z)">
            Undo
          </Button>
          <Button variant="default" onClick={doRedo} disabled={!state.can_redo || busy} title="Redo (Shift+Ctrl/Cmd+Z)">
            Redo
          </Button>
          {audioTrack?.(state, editInOrder, busy, opLimits?.set_tempo?.tempo)}
          {share?.(state)}
          <Button onClick={() => openDialog({ kind: 'export' })}>Export…</Button>
        </Group>
      </Group>

      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)} title="That edit did not work">
          {error}
        </Alert>
      )}

      <div className={classes.layout}>
        <Stack gap="sm" style={{ minWidth: 0 }}>
          <SongControls state={state} tempoLimit={opLimits?.set_tempo?.tempo} keys={options.data?.keys ?? []} modes={options.data?.modes ?? []} disabled={busy} onEdit={edit} onMasterEffects={() => openDialog({ kind: 'effects', track: null })} onAdd={() => openDialog({ kind: 'add' })} />

          <Paper withBorder radius="md" p="sm">
            <Group gap="sm" wrap="nowrap">
              <ActionIcon
                size="xl"
                radius="xl"
                variant="filled"
                onClick={togglePlay}
                disabled={snapshot.status !== 'ready'}
                aria-label={snapshot.playing ? 'Pause' : 'Play'}
                data-testid="play-toggle"
              >
                {snapshot.playing ? <PauseIcon /> : <PlayIcon />}
              </ActionIcon>
              <Text size="sm" ff="monospace" c="dimmed" data-testid="position" style={{ whiteSpace: 'nowrap' }}>
                {formatTime(snapshot.position)} / {formatTime(duration)}
              </Text>
              {snapshot.status === 'loading' && <Loader size="xs" aria-label="Loading stems" />}
            </Group>
            <Group gap={6} mt="xs">
              <Button
                size="compact-sm"
                variant={looping && safeLoop ? 'filled' : 'default'}
                color="yellow"
                aria-pressed={looping}
                disabled={!safeLoop}
                onClick={() => setLooping(!looping)}
              >
                Loop {safeLoop ? `bars ${safeLoop.start + 1}–${safeLoop.end}` : 'off'}
              </Button>
              <Button size="compact-sm" variant="default" disabled={!safeLoop || busy} onClick={() => openDialog({ kind: 'loop' })}>
                Loop section…
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                disabled={!safeLoop || busy || (safeLoop.end - safeLoop.start) >= state.bars}
                onClick={() => safeLoop && edit({ type: 'cut', start_bar: safeLoop.start, end_bar: safeLoop.end })}
              >
                Cut
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                disabled={!safeLoop || busy}
                onClick={() => safeLoop && edit({ type: 'trim', start_bar: safeLoop.start, end_bar: safeLoop.end })}
              >
                Keep only
              </Button>
              {safeLoop && (
                <Button size="compact-sm" variant="subtle" onClick={() => setLoop(null)}>
                  Clear loop
                </Button>
              )}
            </Group>
          </Paper>
          {snapshot.error && (
            <Alert color="red" title="Playback problem">
              {snapshot.error}
            </Alert>
          )}

          <div className={classes.lane}>
            <Text size="xs" c="dimmed" visibleFrom="sm">
              Drag across the bars to set a loop; click a section to loop it.
            </Text>
            <Timeline bars={state.bars} sections={state.sections} loop={safeLoop} progress={progress} onLoopChange={setLoop} />
          </div>

          <Stack gap="xs" role="list" aria-label="Tracks">
            {state.tracks.map((track) => (
              <div role="listitem" key={track.id}>
                <TrackLane
                  track={track}
                  roleLabel={roleLabel(track.role)}
                  audible={!track.mute && (!anySolo || track.solo)}
                  progress={progress}
                  peakScale={peakScale}
                  beats={state.bars * state.beats_per_bar}
                  readLevel={readLevel}
                  onGainLive={(db) => engine?.setVolume(track.id, dbToLinear(db))}
                  onPanLive={(pan) => engine?.setPan(track.id, pan)}
                  onGain={(db) => edit({ type: 'track_gain', track: track.id, gain_db: db })}
                  onPan={(pan) => edit({ type: 'track_pan', track: track.id, pan })}
                  onMute={(mute) => {
                    engine?.setMuted(track.id, mute);
                    edit({ type: 'track_mute', track: track.id, mute });
                  }}
                  onSolo={(solo) => {
                    engine?.setSoloed(track.id, solo);
                    edit({ type: 'track_solo', track: track.id, solo });
                  }}
                  onSeek={(fraction) => engine?.seek(fraction * duration)}
                  onEffects={() => openDialog({ kind: 'effects', track: track.id })}
                  onSwap={() => openDialog({ kind: 'swap', track: track.id })}
                  onRegenerate={() => edit({ type: 'regenerate', track: track.id, seed: newSeed() })}
                  onRemove={() => edit({ type: 'remove_track', track: track.id })}
                />
              </div>
            ))}
          </Stack>
        </Stack>

        <HistoryPanel
          state={state}
          saving={saveVersion.isPending}
          onSave={(name) => saveVersion.mutate({ name }, { onError: fail })}
          onRestore={(id) => restore.mutate(id, { onError: fail })}
        />
      </div>

      {effectsChain && dialog?.kind === 'effects' && (
        <EffectsPanel
          key={`${dialog.track ?? 'master'}-${state.head}`}
          opened
          target={dialog.track === null ? 'Master' : (effectsTrack?.instrument_name ?? dialog.track)}
          chain={effectsChain}
          saving={apply.isPending}
          onClose={() => setDialog(null)}
          onSave={(chain) => {
            const op: EditOp = dialog.track === null ? { type: 'master_effects', chain } : { type: 'track_effects', track: dialog.track, chain };
            setError(null);
            apply.mutate(op, { onError: fail, onSuccess: () => setDialog(null) });
          }}
        />
      )}
      <InstrumentDialog
        opened={dialog?.kind === 'add' || dialog?.kind === 'swap'}
        swap={dialog?.kind === 'swap'}
        instruments={options.data?.instruments ?? []}
        roles={options.data?.roles ?? []}
        onClose={() => setDialog(null)}
        onSubmit={(instrument, role) => {
          if (dialog?.kind === 'swap') edit({ type: 'change_instrument', track: dialog.track, instrument });
          else edit({ type: 'add_instrument', instrument, ...(role ? { role: role as AddInstrument['role'] } : {}), seed: newSeed() });
          setDialog(null);
        }}
      />
      <LoopDialog
        timesLimit={opLimits?.loop_section?.times}
        opened={dialog?.kind === 'loop'}
        loop={safeLoop}
        onClose={() => setDialog(null)}
        onSubmit={(times) => {
          if (safeLoop) edit({ type: 'loop_section', start_bar: safeLoop.start, end_bar: safeLoop.end, times });
          setDialog(null);
        }}
      />
      <ExportDialog
        songId={songId}
        opened={dialog?.kind === 'export'}
        loop={safeLoop}
        onClose={() => setDialog(null)}
        defaultFormat={exportFormat}
      />
    </Stack>
  );
}

function RenderBadge({ state, progress }: { state: EditorState; progress: number | undefined }) {
  if (state.render.status === 'rendering') {
    return (
      <Badge variant="light" color="blue" leftSection={<Loader size={10} />} data-testid="render-status">
        Rendering{progress ? ` ${progress}%` : '…'}
      </Badge>
    );
  }
  if (state.render.status === 'failed') {
    return (
      <Tooltip label={state.render.error || 'The render failed.'} multiline w={280}>
        <Badge variant="light" color="red" data-testid="render-status">
          Render failed
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge variant="light" color="teal" data-testid="render-status">
      Mix ready{typeof state.render.loudness_lufs === 'number' ? ` · ${state.render.loudness_lufs.toFixed(1)} LUFS` : ''}
    </Badge>
  );
}

interface SongControlsProps {
  state: EditorState;
  /** The tempos a set_tempo edit takes (from the server's catalogue; unknown until it loads). */
  tempoLimit: Limit | undefined;
  keys: string[];
  modes: { value: string; label: string }[];
  disabled: boolean;
  onEdit: (op: EditOp) => void;
  onMasterEffects: () => void;
  onAdd: () => void;
}

function SongControls({ state, tempoLimit, keys, modes, disabled, onEdit, onMasterEffects, onAdd }: SongControlsProps) {
  const [tempo, setTempo] = useState<string | number>(state.tempo);
  useEffect(() => setTempo(state.tempo), [state.tempo]);
  const tempoValue = Number(tempo);
  const tempoValid = within(tempoValue, tempoLimit);
  return (
    <Paper withBorder radius="md" p="sm">
      <Group gap="sm" align="flex-end">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (tempoValid && tempoValue !== state.tempo) onEdit({ type: 'set_tempo', tempo: tempoValue });
          }}
        >
          <Group gap={4} align="flex-end" wrap="nowrap">
            <NumberInput
              label="Tempo (BPM)"
              w={110}
              min={tempoLimit?.min}
              max={tempoLimit?.max}
              value={tempo}
              onChange={setTempo}
              error={tempoValid || !tempoLimit ? undefined : `${tempoLimit.min}–${tempoLimit.max}`}
            />
            <Button type="submit" variant="default" disabled={disabled || !tempoValid || tempoValue === state.tempo}>
              Set
            </Button>
          </Group>
        </form>
        <Select
          label="Key"
          w={80}
          data={keys}
          value={state.key}
          allowDeselect={false}
          disabled={disabled}
          onChange={(key) => key && onEdit({ type: 'set_key', key: key as SetKey['key'], mode: state.mode as SetKey['mode'] })}
        />
        <Select
          label="Mode"
          w={110}
          data={modes}
          value={state.mode}
          allowDeselect={false}
          disabled={disabled}
          onChange={(mode) => mode && onEdit({ type: 'set_key', key: state.key as SetKey['key'], mode: mode as SetKey['mode'] })}
        />
        <Group gap={4} wrap="nowrap">
          <Button variant="default" disabled={disabled} onClick={() => onEdit({ type: 'transpose', semitones: -1 })} aria-label="Transpose down a semitone">
            −1
          </Button>
          <Button variant="default" disabled={disabled} onClick={() => onEdit({ type: 'transpose', semitones: 1 })} aria-label="Transpose up a semitone">
            +1
          </Button>
        </Group>
        <Button variant="default" onClick={onMasterEffects}>
          Master effects{state.master_chain.effects?.length ? ` (${state.master_chain.effects.length})` : ''}
        </Button>
        <Button variant="light" onClick={onAdd} disabled={disabled}>
          Add instrument…
        </Button>
      </Group>
    </Paper>
  );
}

interface InstrumentDialogProps {
  opened: boolean;
  swap: boolean;
  instruments: { slug: string; name: string; default_role: string }[];
  roles: { value: string; label: string }[];
  onClose: () => void;
  onSubmit: (instrument: string, role: string | null) => void;
}

function InstrumentDialog({ opened, swap, instruments, roles, onClose, onSubmit }: InstrumentDialogProps) {
  const [instrument, setInstrument] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={swap ? 'Swap instrument' : 'Add an instrument'}>
      <Stack gap="sm">
        <Select
          label="Instrument"
          searchable
          data={instruments.map((each) => ({ value: each.slug, label: each.name }))}
          value={instrument}
          onChange={(value) => {
            setInstrument(value);
            setRole(instruments.find((each) => each.slug === value)?.default_role ?? null);
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {!swap && <Select label="Role" data={roles} value={role} onChange={setRole} comboboxProps={{ withinPortal: true }} />}
        <Group justify="flex-end">
          <Button disabled={!instrument} onClick={() => instrument && onSubmit(instrument, role)}>
            {swap ? 'Swap' : 'Add'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface LoopDialogProps {
  opened: boolean;
  loop: BarRange | null;
  /** How many extra repeats a loop_section edit takes (from the server's catalogue). */
  timesLimit: Limit | undefined;
  onClose: () => void;
  onSubmit: (times: number) => void;
}

function LoopDialog({ opened, loop, timesLimit, onClose, onSubmit }: LoopDialogProps) {
  const [times, setTimes] = useState<string | number>(1);
  const value = Number(times);
  const valid = Number.isInteger(value) && within(value, timesLimit);
  return (
    <Modal opened={opened} onClose={onClose} title="Loop section">
      <Stack gap="sm">
        <Text size="sm">{loop ? `Repeat bars ${loop.start + 1}–${loop.end}` : 'Select bars on the timeline first.'}</Text>
        <NumberInput
          label="Extra repeats"
          min={timesLimit?.min}
          max={timesLimit?.max}
          value={times}
          onChange={setTimes}
          error={valid || !timesLimit ? undefined : `${timesLimit.min}–${timesLimit.max}`}
        />
        <Group justify="flex-end">
          <Button disabled={!loop || !valid} onClick={() => onSubmit(value)}>
            Repeat
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
