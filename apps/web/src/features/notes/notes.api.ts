import { queryOptions } from '@tanstack/react-query';
import type { Note as NoteSchema } from '@trato/contracts/records';
import type { z } from 'zod';
import { api } from '../../api/client';

export type Note = z.infer<typeof NoteSchema>;

export const notesQuery = (entityId: string) =>
  queryOptions({
    queryKey: ['notes', entityId],
    queryFn: () => api<{ data: Note[] }>(`/entities/${entityId}/notes`),
  });

export const createNote = (entityId: string, body: string, contactId?: string) =>
  api<Note>(`/entities/${entityId}/notes`, {
    method: 'POST',
    body: { body, ...(contactId ? { contact_id: contactId } : {}) },
  });
export const updateNote = (note: Note, body: string) =>
  api<Note>(`/notes/${note.id}`, { method: 'PATCH', body: { version: note.version, body } });
export const deleteNote = (id: string) => api<void>(`/notes/${id}`, { method: 'DELETE' });
