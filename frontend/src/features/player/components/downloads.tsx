import { Button, Group } from '@mantine/core';
import { DownloadIcon } from '@/components/ui/icons';
import type { SongDownloads } from '@/lib/api-types';

const FORMATS: { key: keyof SongDownloads; label: string }[] = [
  { key: 'mp3', label: 'MP3' },
  { key: 'wav', label: 'WAV 16-bit' },
  { key: 'wav24', label: 'WAV 24-bit' },
  { key: 'midi', label: 'MIDI' },
];

export function Downloads({ downloads }: { downloads: SongDownloads }) {
  return (
    <Group gap="xs">
      {FORMATS.map(({ key, label }) => {
        const href = downloads[key];
        return href ? (
          <Button
            key={key}
            component="a"
            href={href}
            download
            variant="light"
            size="xs"
            leftSection={<DownloadIcon size={14} />}
          >
            {label}
          </Button>
        ) : (
          <Button key={key} variant="light" size="xs" disabled leftSection={<DownloadIcon size={14} />}>
            {label}
          </Button>
        );
      })}
    </Group>
  );
}
