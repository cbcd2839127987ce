import { id } from '@trato/contracts/common';
import { CreateNoteRequest, Note, UpdateNoteRequest } from '@trato/contracts/records';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './notes.service.ts';

const tags = ['notes'];

export const notesModule: AppModule = {
  name: 'notes',
  routes(app, { db }) {
    app.get(
      '/entities/:id/notes',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: "An entity's notes (Markdown), newest first",
          params: z.object({ id }),
          response: { 200: z.object({ data: z.array(Note).max(500) }) },
        },
      },
      async (request) => ({ data: await service.listNotes(db, authOf(request), request.params.id) }),
    );
    app.post(
      '/entities/:id/notes',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: 'Write a note on an entity (optionally about one of its contacts)',
          params: z.object({ id }),
          body: CreateNoteRequest,
          response: { 201: Note },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createNote(db, authOf(request), request.params.id, request.body)),
    );
    app.patch(
      '/notes/:id',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: 'Change your note',
          params: z.object({ id }),
          body: UpdateNoteRequest,
          response: { 200: Note },
        },
      },
      async (request) => service.updateNote(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/notes/:id',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: { tags, summary: 'Delete your note', params: z.object({ id }), response: { 204: z.null() } },
      },
      async (request, reply) => {
        await service.deleteNote(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
