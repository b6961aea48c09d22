import {
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useShares, type Share } from '../api/list-shares';
import { useRevokeShare } from '../api/revoke-share';
import { useUpdateShare } from '../api/update-share';
import { embedSnippet, shareTargets } from '../share-targets';
import { CreateShareForm, type SharedVersion } from './create-share-form';
import { ShareNeedsAccount, type Sharer } from './share-needs-account';

export interface ShareDialogProps {
  songId: string;
  title: string;
  versions: SharedVersion[];
  /** Only a verified account makes links; the others see why, and the links they already have. */
  sharer: Sharer;
  opened: boolean;
  onClose: () => void;
}

/** Create links to the song (or a saved version), pass them on, watch their counts, revoke them. */
export function ShareDialog({ songId, title, versions, sharer, opened, onClose }: ShareDialogProps) {
  const shares = useShares(songId, { enabled: opened });
  const live = (shares.data ?? []).filter((share) => !share.revoked_at);
  const revoked = (shares.data ?? []).length - live.length;
  const narrow = useMediaQuery('(max-width: 36em)');

  return (
    <Modal opened={opened} onClose={onClose} title="Share" size="lg" fullScreen={narrow}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Anyone with a link can listen, without an account. Revoke a link and it stops working at once.
        </Text>
        {sharer === 'verified' ? (
          <CreateShareForm songId={songId} versions={versions} />
        ) : (
          <ShareNeedsAccount sharer={sharer} />
        )}
        {shares.isError && <Alert color="red">{shares.error.message}</Alert>}
        {live.map((share) => (
          <ShareCard key={share.id} songId={songId} title={title} share={share} />
        ))}
        {shares.isSuccess && live.length === 0 && (
          <Text size="sm" c="dimmed">
            No links yet.
          </Text>
        )}
        {revoked > 0 && (
          <Text size="xs" c="dimmed">
            {revoked === 1 ? '1 revoked link no longer works.' : `${revoked} revoked links no longer work.`}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}

const STATUS: Record<Share['audio_status'], { label: string; color: string }> = {
  ready: { label: 'Ready', color: 'teal' },
  mixing: { label: 'Mixing…', color: 'blue' },
  failed: { label: 'Mix failed', color: 'red' },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function ShareCard({ songId, title, share }: { songId: string; title: string; share: Share }) {
  const update = useUpdateShare(songId);
  const revoke = useRevokeShare(songId);
  const [confirming, setConfirming] = useState(false);
  const status = STATUS[share.audio_status];
  const label = share.version_name ? `Version: ${share.version_name}` : 'The song as it was shared';
  const snippet = embedSnippet(share.embed_url, title);

  return (
    <Paper withBorder p="sm" radius="md" data-testid="share-link">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600} size="sm">
              {label}
            </Text>
            <Badge color={status.color} variant="light">
              {status.label}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" data-testid="share-counts">
            {plural(share.views, 'view')} · {plural(share.plays, 'play')}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            aria-label="Share link"
            value={share.url}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
            style={{ flex: 1, minWidth: 0 }}
          />
          <CopyButton value={share.url}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group gap={6}>
          {shareTargets(share.url, title).map((target) => (
            <Button
              key={target.name}
              component="a"
              href={target.url}
              target="_blank"
              rel="noopener noreferrer"
              size="compact-sm"
              variant="default"
            >
              {target.name}
            </Button>
          ))}
          <Anchor href={share.url} target="_blank" rel="noopener noreferrer" size="sm" ml="auto">
            Open page
          </Anchor>
        </Group>
        <Textarea
          label="Embed on a web page"
          value={snippet}
          readOnly
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Group justify="space-between" gap="xs">
          <Group gap="sm">
            <CopyButton value={snippet}>
              {({ copied, copy }) => (
                <Button size="compact-sm" variant="light" onClick={copy}>
                  {copied ? 'Embed code copied' : 'Copy embed code'}
                </Button>
              )}
            </CopyButton>
            <Switch
              label="Allow download"
              checked={share.allow_download}
              disabled={update.isPending}
              onChange={(event) =>
                update.mutate({ shareId: share.id, rights: { allow_download: event.currentTarget.checked } })
              }
            />
            <Switch
              label="Allow remix"
              title={share.allow_download ? undefined : 'Allow download first: a remix hands over the audio.'}
              checked={share.allow_download && share.allow_remix}
              disabled={update.isPending || !share.allow_download}
              onChange={(event) =>
                update.mutate({ shareId: share.id, rights: { allow_remix: event.currentTarget.checked } })
              }
            />
          </Group>
          {confirming ? (
            <Group gap={6}>
              <Text size="sm">Stop this link for everyone?</Text>
              <Button size="compact-sm" color="red" loading={revoke.isPending} onClick={() => revoke.mutate(share.id)}>
                Revoke
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </Group>
          ) : (
            <Button size="compact-sm" color="red" variant="subtle" onClick={() => setConfirming(true)}>
              Revoke…
            </Button>
          )}
        </Group>
        {(update.isError || revoke.isError) && (
          <Alert color="red">{(update.error ?? revoke.error)?.message}</Alert>
        )}
      </Stack>
    </Paper>
  );
}
