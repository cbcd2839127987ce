import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  FileButton,
  Group,
  Progress,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconFile, IconTrash, IconUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../../ui/format';
import { notifyError } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { RelativeTime } from '../../ui/RelativeTime';
import { type Attachment, deleteFile, filesQuery, uploadFile } from './files.api';

interface Props {
  entityId: string;
  contactId?: string;
  readOnly?: boolean;
}

/** Attachments: upload (button or drop), download, delete. */
export function FilesPanel({ entityId, contactId, readOnly }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery(filesQuery(entityId));
  const files = (data?.data ?? []).filter((f) => !contactId || f.contact_id === contactId);
  const [uploading, setUploading] = useState(0);
  const [dragging, setDragging] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['files', entityId] }),
      queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    ]);

  const send = async (list: File[]) => {
    setUploading(list.length);
    for (const file of list) {
      try {
        await uploadFile(entityId, file, contactId);
      } catch (error) {
        notifyError(error);
      }
      setUploading((n) => n - 1);
    }
    await refresh();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!readOnly) void send([...event.dataTransfer.files]);
  };
  const remove = (file: Attachment) =>
    modals.openConfirmModal({
      title: t('files.delete_title', { name: file.name }),
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await deleteFile(file.id);
          await refresh();
        } catch (error) {
          notifyError(error);
        }
      },
    });

  return (
    <Panel
      title={t('files.title')}
      count={files.length}
      actions={
        !readOnly && (
          <FileButton onChange={(list) => void send(list)} multiple>
            {(props) => (
              <Button {...props} size="compact-sm" variant="light" leftSection={<IconUpload size={14} />}>
                {t('files.upload')}
              </Button>
            )}
          </FileButton>
        )
      }
    >
      <Box
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          outline: dragging ? '2px dashed var(--mantine-primary-color-filled)' : undefined,
          borderRadius: 8,
        }}
      >
        {uploading > 0 && <Progress value={100} animated mb="xs" aria-label={t('files.uploading')} />}
        {isPending ? (
          <Skeleton height={36} />
        ) : files.length === 0 ? (
          <Text size="sm" c="dimmed">
            {readOnly ? t('files.none') : t('files.drop_hint')}
          </Text>
        ) : (
          <Stack gap={6}>
            {files.map((file) => (
              <Group key={file.id} gap="xs" wrap="nowrap">
                <IconFile size={18} aria-hidden style={{ flexShrink: 0 }} />
                <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                  <Anchor href={file.download_url} size="sm" truncate download={file.name}>
                    {file.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatFileSize(file.size)} · {file.uploaded_by?.name ?? ''} ·{' '}
                    <RelativeTime value={file.created_at} />
                  </Text>
                </Stack>
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size={36}
                    aria-label={t('files.delete', { name: file.name })}
                    onClick={() => remove(file)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Box>
    </Panel>
  );
}
