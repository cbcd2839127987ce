import { id } from '@trato/contracts/common';
import { CreateUserRequest, UpdateUserRequest, User } from '@trato/contracts/users';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './users.service.ts';

const tags = ['users'];
const Params = z.object({ id });

export const usersModule: AppModule = {
  name: 'users',
  routes(app, { db }) {
    app.get(
      '/users',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Every user, active and inactive, sorted by name (for owner and assignee pickers)',
          response: { 200: z.object({ data: z.array(User).max(10_000) }) },
        },
      },
      async () => ({ data: await service.listUsers(db) }),
    );
    app.get(
      '/users/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'One user', params: Params, response: { 200: User } },
      },
      async (request) => service.getUser(db, request.params.id),
    );
    app.post(
      '/users',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a user with a role, teams and an initial password',
          body: CreateUserRequest,
          response: { 201: User },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createUser(db, authOf(request), request.body)),
    );
    app.patch(
      '/users/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary:
            'Change a user: role, teams (team_ids replaces them), active, or reset the password. ' +
            'Deactivating signs the user out; the last active administrator cannot be deactivated or demoted.',
          params: Params,
          body: UpdateUserRequest,
          response: { 200: User },
        },
      },
      async (request) => service.updateUser(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/users/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Remove a user (deactivated and hidden; their records keep them as owner)',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteUser(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
