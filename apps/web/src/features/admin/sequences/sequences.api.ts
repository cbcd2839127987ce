import type { UpdateSequenceRequest } from '@trato/contracts/actions';
import type { z } from 'zod';
import { api } from '../../../api/client';
import type { SequenceData } from '../../actions/actions.api';
import type { CreateSequenceBody } from './sequence-form';

export type UpdateSequenceBody = z.input<typeof UpdateSequenceRequest>;

export const createSequence = (body: CreateSequenceBody) =>
  api<SequenceData>('/sequences', { method: 'POST', body });
export const updateSequence = (id: string, body: UpdateSequenceBody) =>
  api<SequenceData>(`/sequences/${id}`, { method: 'PATCH', body });
export const deleteSequence = (id: string) => api<void>(`/sequences/${id}`, { method: 'DELETE' });
