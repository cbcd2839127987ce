import { queryOptions } from '@tanstack/react-query';
import type { FileAttachment } from '@trato/contracts/records';
import type { z } from 'zod';
import { api, upload } from '../../api/client';

export type Attachment = z.infer<typeof FileAttachment>;

export const filesQuery = (entityId: string) =>
  queryOptions({
    queryKey: ['files', entityId],
    queryFn: () => api<{ data: Attachment[] }>(`/entities/${entityId}/files`),
  });

export function uploadFile(entityId: string, file: File, contactId?: string) {
  const form = new FormData();
  if (contactId) form.append('contact_id', contactId);
  form.append('file', file);
  return upload<Attachment>(`/entities/${entityId}/files`, form);
}

export const deleteFile = (id: string) => api<void>(`/files/${id}`, { method: 'DELETE' });
