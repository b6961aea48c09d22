import { ActionIcon, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { type Control, type FieldErrors, useFieldArray, type UseFormRegister } from 'react-hook-form';
import { PlusIcon, TrashIcon } from '@/components/ui/icons';
import type { Options } from '@/lib/api-types';
import type { SpecFormValues } from '../spec-form';
import classes from './instrument-rows.module.css';

export interface InstrumentRowsProps {
  options: Options;
  control: Control<SpecFormValues>;
  register: UseFormRegister<SpecFormValues>;
  errors: FieldErrors<SpecFormValues>;
}

export function InstrumentRows({ options, control, register, errors }: InstrumentRowsProps) {
  const { fields, append, remove } = useFieldArray({ control, name: 'instruments' });

  const instrumentData = useMemo(() => {
    const families = new Map<string, { value: string; label: string }[]>();
    for (const instrument of options.instruments) {
      const items = families.get(instrument.family) ?? [];
      items.push({ value: instrument.slug, label: instrument.name });
      families.set(instrument.family, items);
    }
    return [...families].map(([group, items]) => ({ group, items }));
  }, [options.instruments]);

  const canAdd = fields.length < options.max_instruments;
  const listError = errors.instruments?.root?.message ?? errors.instruments?.message;

  const addInstrument = () => {
    const used = new Set(fields.map((field) => field.instrument));
    const next = options.instruments.find((instrument) => !used.has(instrument.slug));
    const chosen = next ?? options.instruments[0];
    if (chosen) append({ instrument: chosen.slug, role: chosen.default_role });
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" fw={500} component="h3" m={0}>
          Instruments
        </Text>
        <Text size="xs" c="dimmed">
          {fields.length} / {options.max_instruments}
        </Text>
      </Group>
      {fields.map((field, index) => {
        const rowErrors = errors.instruments?.[index];
        return (
          <div key={field.id} className={classes.row} data-testid="instrument-row">
            <NativeSelect
              className={classes.instrument}
              aria-label={`Instrument ${index + 1}`}
              data={instrumentData}
              error={rowErrors?.instrument?.message}
              {...register(`instruments.${index}.instrument`)}
            />
            <NativeSelect
              className={classes.role}
              aria-label={`Role ${index + 1}`}
              data={options.roles}
              error={rowErrors?.role?.message}
              {...register(`instruments.${index}.role`)}
            />
            <ActionIcon
              className={classes.remove}
              variant="subtle"
              color="gray"
              size="input-sm"
              aria-label={`Remove instrument ${index + 1}`}
              onClick={() => remove(index)}
              disabled={fields.length <= 1}
            >
              <TrashIcon size={18} />
            </ActionIcon>
          </div>
        );
      })}
      {listError && (
        <Text size="xs" c="var(--mantine-color-red-light-color)" role="alert">
          {listError}
        </Text>
      )}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<PlusIcon size={14} />}
          onClick={addInstrument}
          disabled={!canAdd}
        >
          Add instrument
        </Button>
      </Group>
    </Stack>
  );
}
