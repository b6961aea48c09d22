import { Alert, Button, Skeleton, Stack } from '@mantine/core';
import type { SongCreated, SongCreateInput } from '@/lib/api-types';
import { useOptions } from '../api/get-options';
import { GenerateForm, type SpecPreset } from './generate-form';

export interface GeneratePanelProps {
  onCreated: (created: SongCreated, input: SongCreateInput) => void;
  /** Values to fill in (e.g. the tempo and key measured on an uploaded recording); a new object re-applies. */
  preset?: SpecPreset | null;
}

/** Loads the choices the server offers, then shows the form built from them. */
export function GeneratePanel({ onCreated, preset }: GeneratePanelProps) {
  const options = useOptions();
  if (options.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading options">
        <Skeleton h={36} />
        <Skeleton h={36} />
        <Skeleton h={120} />
      </Stack>
    );
  }
  if (options.isError) {
    return (
      <Alert color="red" title="Could not load the options">
        <Stack gap="xs" align="flex-start">
          {options.error.message}
          <Button size="xs" variant="light" color="red" onClick={() => void options.refetch()}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <GenerateForm options={options.data} onCreated={onCreated} preset={preset} />;
}
