import { Button, Checkbox, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { EditOp, Limit, Upload } from '@/lib/api-types';
import { useUploads } from '../api/get-uploads';
import { hasClearTempo, songTempoFor } from '../upload-tempo';
import { UploadPicker } from './upload-picker';

export interface AddAudioTrackProps {
  /** The song's tempo now (BPM). */
  tempo: number;
  /** The tempos a song can take (the server's bounds). */
  tempoLimit: Limit | undefined;
  disabled?: boolean;
  /** Applies one edit; the next waits for it (a tempo change, then the track). */
  onEdit: (op: EditOp) => Promise<void>;
}

/** "Add audio track…": upload or pick a recording, place it, and fit it to the song or the song to it. */
export function AddAudioTrack({ tempo, tempoLimit, disabled, onEdit }: AddAudioTrackProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)} disabled={disabled}>
        Add audio track…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Add audio track" size="lg">
        {opened && (
          <AddAudioTrackForm
            tempo={tempo}
            tempoLimit={tempoLimit}
            onEdits={(ops) => {
              setOpened(false);
              void (async () => {
                for (const op of ops) await onEdit(op);
              })().catch(() => undefined); // the editor shows the error
            }}
          />
        )}
      </Modal>
    </>
  );
}

interface AddAudioTrackFormProps {
  tempo: number;
  tempoLimit: Limit | undefined;
  onEdits: (ops: EditOp[]) => void;
}

function AddAudioTrackForm({ tempo, tempoLimit, onEdits }: AddAudioTrackFormProps) {
  const uploads = useUploads();
  const [chosen, setChosen] = useState<string | null>(null);
  const [offset, setOffset] = useState<string | number>(0);
  const [fit, setFit] = useState(false);
  const upload: Upload | undefined = uploads.data?.find((u) => u.id === chosen);
  const offsetBeats = Number(offset);
  const offsetValid = Number.isFinite(offsetBeats) && offsetBeats >= 0;
  const clearTempo = upload ? hasClearTempo(upload) : false;

  const add = (matchSong: boolean) => {
    if (!upload) return;
    const track: EditOp = {
      type: 'add_audio_track',
      upload: upload.id,
      offset_beats: offsetBeats,
      ...(matchSong || (fit && clearTempo) ? { source_tempo: songTempoFor(upload, tempoLimit) } : {}),
    };
    onEdits(matchSong ? [{ type: 'set_tempo', tempo: songTempoFor(upload, tempoLimit) }, track] : [track]);
  };

  return (
    <Stack gap="md">
      <UploadPicker chosen={chosen} onChoose={setChosen} />
      <NumberInput
        label="Starts at beat"
        description="Counted from the start of the song (4 beats to a bar)"
        min={0}
        step={1}
        value={offset}
        onChange={setOffset}
        error={offsetValid ? undefined : 'A beat from 0 on'}
        w={220}
      />
      <Checkbox
        label={
          upload && clearTempo
            ? `Stretch it to the song's tempo (it plays at ${Math.round(upload.tempo)} BPM, the song at ${Math.round(tempo)})`
            : "Stretch it to the song's tempo (needs a clear beat)"
        }
        checked={fit && clearTempo}
        disabled={!clearTempo}
        onChange={(event) => setFit(event.currentTarget.checked)}
      />
      <Text size="xs" c="dimmed">
        Later tempo and key changes stretch and shift the recording with the song.
      </Text>
      <Group justify="flex-end">
        <Button
          variant="default"
          disabled={!upload || !offsetValid || !clearTempo}
          onClick={() => add(true)}
          title="Set the song's tempo to the recording's, then add it at its own speed"
        >
          Match song to its tempo
        </Button>
        <Button disabled={!upload || !offsetValid} onClick={() => add(false)}>
          Add track
        </Button>
      </Group>
    </Stack>
  );
}
