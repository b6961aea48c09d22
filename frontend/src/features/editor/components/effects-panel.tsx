import { ActionIcon, Button, Group, Modal, Paper, Select, Slider, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { TrashIcon } from '@/components/ui/icons';
import type { Control, Effect, EffectChain, EffectControls } from '@/lib/api-types';
import { useEffects } from '../api/get-effects';

export interface EffectsPanelProps {
  /** "Acoustic Grand Piano" or "Master". */
  target: string;
  chain: EffectChain;
  opened: boolean;
  saving: boolean;
  onClose: () => void;
  onSave: (chain: EffectChain) => void;
}

function ParamSlider({ control, value, label, onChange }: { control: Control; value: number; label: string; onChange: (value: number) => void }) {
  return (
    <Stack gap={2}>
      <Group justify="space-between" gap="xs">
        <Text size="xs">{control.label}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {Number(value.toFixed(3))}
          {control.unit ? ` ${control.unit}` : ''}
        </Text>
      </Group>
      <Slider
        size="sm"
        min={control.min}
        max={control.max}
        step={control.step}
        value={value}
        onChange={onChange}
        label={null}
        thumbLabel={label}
      />
    </Stack>
  );
}

/** A parameter's value, or the control's default when the effect leaves it out. */
function valueOf(params: object, control: Control): number {
  const value: unknown = (params as Record<string, unknown>)[control.name];
  return typeof value === 'number' ? value : (control.default ?? control.min);
}

/** Edits a copy of a chain: presets, add/remove effects, parameter sliders; Save sends it.
 * Every effect's controls (labels, bounds, steps, defaults) come from the server's catalogue. */
export function EffectsPanel({ target, chain, opened, saving, onClose, onSave }: EffectsPanelProps) {
  const catalogue = useEffects();
  const [draft, setDraft] = useState<Effect[]>(chain.effects ?? []);
  const [adding, setAdding] = useState<string | null>(null);
  const update = (index: number, effect: Effect) => setDraft((effects) => effects.map((each, i) => (i === index ? effect : each)));
  const controlsOf = (type: string): EffectControls | undefined => catalogue.data?.effects.find((each) => each.type === type);
  const labelOf = (type: string) => controlsOf(type)?.label ?? type;
  const eqBand = catalogue.data?.eq_band;

  return (
    <Modal opened={opened} onClose={onClose} title={`Effects — ${target}`} size="lg">
      <Stack gap="sm">
        <Group gap="xs" align="flex-end">
          <Select
            label="Preset"
            placeholder="Pick a preset"
            style={{ flex: 1 }}
            data={(catalogue.data?.presets ?? []).map((preset) => ({ value: preset.name, label: preset.label }))}
            onChange={(name) => {
              const preset = catalogue.data?.presets.find((each) => each.name === name);
              if (preset) setDraft(preset.chain.effects ?? []);
            }}
            comboboxProps={{ withinPortal: true }}
          />
          <Button variant="default" onClick={() => setDraft([])} disabled={draft.length === 0}>
            Clear
          </Button>
        </Group>
        {draft.length === 0 && (
          <Text size="sm" c="dimmed">
            No effects: the track plays dry.
          </Text>
        )}
        {draft.map((effect, index) => (
          <Paper key={index} withBorder p="xs" radius="md" data-testid="effect">
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">
                {labelOf(effect.type)}
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${labelOf(effect.type)}`}
                onClick={() => setDraft((effects) => effects.filter((_, i) => i !== index))}
              >
                <TrashIcon size={16} />
              </ActionIcon>
            </Group>
            <Stack gap={6}>
              {(controlsOf(effect.type)?.params ?? []).map((control) => (
                <ParamSlider
                  key={control.name}
                  control={control}
                  label={`${labelOf(effect.type)} ${control.label}`}
                  value={valueOf(effect, control)}
                  onChange={(value) => update(index, { ...effect, [control.name]: value })}
                />
              ))}
              {effect.type === 'eq' &&
                eqBand &&
                (effect.bands ?? []).map((band, bandIndex) => (
                  <Stack key={bandIndex} gap={4}>
                    <Text size="xs" fw={500}>
                      Band {bandIndex + 1}: {band.kind.replace('_', ' ')}
                    </Text>
                    {eqBand.params.map((control) => (
                      <ParamSlider
                        key={control.name}
                        control={control}
                        label={`EQ band ${bandIndex + 1} ${control.label}`}
                        value={valueOf(band, control)}
                        onChange={(value) => {
                          const bands = (effect.bands ?? []).map((each, i) => (i === bandIndex ? { ...each, [control.name]: value } : each));
                          update(index, { ...effect, bands });
                        }}
                      />
                    ))}
                  </Stack>
                ))}
            </Stack>
          </Paper>
        ))}
        <Group gap="xs" align="flex-end">
          <Select
            label="Add an effect"
            placeholder="Effect"
            style={{ flex: 1 }}
            value={adding}
            onChange={setAdding}
            data={(catalogue.data?.effects ?? []).map((each) => ({ value: each.type, label: each.label }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Button
            variant="default"
            disabled={!adding}
            onClick={() => {
              const controls = adding ? controlsOf(adding) : undefined;
              if (controls) {
                const effect = structuredClone(controls.defaults);
                // A new EQ starts with one band to shape, so it does something audible to adjust.
                setDraft((effects) => [...effects, effect.type === 'eq' && eqBand ? { ...effect, bands: [structuredClone(eqBand.defaults)] } : effect]);
              }
              setAdding(null);
            }}
          >
            Add
          </Button>
        </Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={saving} onClick={() => onSave({ effects: draft })}>
            Save effects
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
