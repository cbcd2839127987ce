import { id } from '@trato/contracts/common';
import { z } from 'zod';

// Shared by the actions module's route files.
export const Params = z.object({ id });
export const NoContent = { 204: z.null() };
export const read = { object: 'actions', action: 'read' } as const;
export const edit = { object: 'actions', action: 'edit' } as const;
