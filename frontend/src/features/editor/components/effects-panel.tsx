import { ActionIcon, Button, Group, Modal, Paper, Select, Slider, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { TrashIcon } from '@/components/ui/icons';
import type { Effect, EffectChain } from '@/lib/api-types';
import { useEffects } from '../api/get-effects';
import { EFFECT_PARAMS, EQ_BAND_PARAMS, type ParamSpec, effectLabel } from './effect-params';

export interface EffectsPanelProps {
  /** "Acoustic Grand Piano" or "Master". */
  target: string;
  chain: EffectChain;
  opened: boolean;
  saving: boolean;
  onClose: () => void;
  onSave: (chain: EffectChain) => void;
}

function ParamSlider({ spec, value, label, onChange }: { spec: ParamSpec; value: number; label: string; onChange: (value: number) => void }) {
  return (
    <Stack gap={2}>
      <Group justify="space-between" gap="xs">
        <Text size="xs">{spec.label}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {Number(value.toFixed(3))}
          {spec.unit ? ` ${spec.unit}` : ''}
        </Text>
      </Group>
      <Slider
        size="sm"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={value}
        onChange={onChange}
        label={null}
        thumbLabel={label}
      />
    </Stack>
  );
}

/** Edits a copy of a chain: presets, add/remove effects, parameter sliders; Save sends it. */
export function EffectsPanel({ target, chain, opened, saving, onClose, onSave }: EffectsPanelProps) {
  const catalogue = useEffects();
  const [draft, setDraft] = useState<Effect[]>(chain.effects);
  const [adding, setAdding] = useState<string | null>(null);
  const update = (index: number, effect: Effect) => setDraft((effects) => effects.map((each, i) => (i === index ? effect : each)));

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
              if (preset) setDraft(preset.chain.effects);
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
                {effectLabel(effect.type)}
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${effectLabel(effect.type)}`}
                onClick={() => setDraft((effects) => effects.filter((_, i) => i !== index))}
              >
                <TrashIcon size={16} />
              </ActionIcon>
            </Group>
            <Stack gap={6}>
              {(EFFECT_PARAMS[effect.type]?.params ?? []).map((spec) => (
                <ParamSlider
                  key={spec.key}
                  spec={spec}
                  label={`${effectLabel(effect.type)} ${spec.label}`}
                  value={Number(effect[spec.key] ?? spec.min)}
                  onChange={(value) => update(index, { ...effect, [spec.key]: value })}
                />
              ))}
              {effect.type === 'eq' &&
                (Array.isArray(effect.bands) ? (effect.bands as Record<string, unknown>[]) : []).map((band, bandIndex) => (
                  <Stack key={bandIndex} gap={4}>
                    <Text size="xs" fw={500}>
                      Band {bandIndex + 1}: {String(band.kind).replace('_', ' ')}
                    </Text>
                    {EQ_BAND_PARAMS.map((spec) => (
                      <ParamSlider
                        key={spec.key}
                        spec={spec}
                        label={`EQ band ${bandIndex + 1} ${spec.label}`}
                        value={Number(band[spec.key] ?? spec.min)}
                        onChange={(value) => {
                          const bands = (effect.bands as Record<string, unknown>[]).map((each, i) =>
                            i === bandIndex ? { ...each, [spec.key]: value } : each,
                          );
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
            data={Object.entries(EFFECT_PARAMS).map(([value, spec]) => ({ value, label: spec.label }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Button
            variant="default"
            disabled={!adding}
            onClick={() => {
              const spec = adding ? EFFECT_PARAMS[adding] : undefined;
              if (spec) setDraft((effects) => [...effects, structuredClone(spec.defaults)]);
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
