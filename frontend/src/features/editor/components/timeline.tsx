import { Box, Text, UnstyledButton } from '@mantine/core';
import { useRef, useState, type PointerEvent } from 'react';
import type { EditorSection } from '@/lib/api-types';

export interface BarRange {
  /** 0-based bars; `end` exclusive. */
  start: number;
  end: number;
}

export interface TimelineProps {
  bars: number;
  sections: EditorSection[];
  loop: BarRange | null;
  /** 0..1 of the song played. */
  progress: number;
  onLoopChange: (loop: BarRange | null) => void;
}

/** Bar ruler with the song's sections; drag across bars (or click a section) to set the loop. */
export function Timeline({ bars, sections, loop, progress, onLoopChange }: TimelineProps) {
  const ruler = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const barAt = (clientX: number) => {
    const rect = ruler.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.min(bars - 1, Math.max(0, Math.floor(((clientX - rect.left) / rect.width) * bars)));
  };
  const shown = drag ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) + 1 } : loop;
  const pct = (bar: number) => `${(bar / Math.max(bars, 1)) * 100}%`;

  const onDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const bar = barAt(event.clientX);
    setDrag({ from: bar, to: bar });
  };
  const onMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ ...drag, to: barAt(event.clientX) });
  };
  const onUp = () => {
    if (!drag) return;
    onLoopChange({ start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) + 1 });
    setDrag(null);
  };

  return (
    <Box data-testid="timeline">
      <Box pos="relative" h={22} mb={2}>
        {sections.map((section, index) => (
          <UnstyledButton
            key={`${section.name}-${index}`}
            pos="absolute"
            top={0}
            h={20}
            px={6}
            aria-label={`Loop section ${section.name} (bars ${section.start_bar + 1}–${section.start_bar + section.bars})`}
            onClick={() => onLoopChange({ start: section.start_bar, end: section.start_bar + section.bars })}
            style={{
              left: pct(section.start_bar),
              width: pct(section.bars),
              borderRadius: 4,
              fontSize: 11,
              overflow: 'hidden',
              whiteSpace: 'nowrap',
              textOverflow: 'ellipsis',
              background: `var(--mantine-color-${index % 2 ? 'grape' : 'indigo'}-light)`,
              borderLeft: '2px solid var(--mantine-color-body)',
            }}
          >
            {sectionLabel(section.name)}
          </UnstyledButton>
        ))}
      </Box>
      <Box
        ref={ruler}
        role="slider"
        aria-label="Loop region (drag across bars)"
        aria-valuemin={1}
        aria-valuemax={bars}
        aria-valuenow={shown ? shown.start + 1 : 1}
        aria-valuetext={shown ? `Bars ${shown.start + 1}–${shown.end}` : 'No loop'}
        tabIndex={0}
        pos="relative"
        h={24}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onLoopChange(null);
        }}
        style={{
          cursor: 'col-resize',
          touchAction: 'none',
          userSelect: 'none',
          borderRadius: 4,
          background: 'var(--mantine-color-default-hover)',
        }}
      >
        {shown && (
          <Box
            pos="absolute"
            top={0}
            bottom={0}
            data-testid="loop-region"
            style={{
              left: pct(shown.start),
              width: pct(shown.end - shown.start),
              background: 'var(--mantine-color-yellow-light)',
              border: '1px solid var(--mantine-color-yellow-6)',
              borderRadius: 4,
            }}
          />
        )}
        {Array.from({ length: bars }, (_, bar) => (
          <Text
            key={bar}
            component="span"
            size="10px"
            c="dimmed"
            pos="absolute"
            top={4}
            style={{ left: pct(bar), paddingLeft: 3, borderLeft: '1px solid var(--mantine-color-default-border)', height: 16, lineHeight: '16px' }}
          >
            {bars <= 32 || bar % 4 === 0 ? bar + 1 : ''}
          </Text>
        ))}
        <Box
          pos="absolute"
          top={0}
          bottom={0}
          w={2}
          style={{ left: `${Math.min(1, Math.max(0, progress)) * 100}%`, background: 'var(--mantine-primary-color-filled)', pointerEvents: 'none' }}
        />
      </Box>
    </Box>
  );
}

/** "pre_chorus" -> "Pre chorus". */
function sectionLabel(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
