import { id } from '@trato/contracts/common';
import { CreateRoleRequest, Role, UpdateRoleRequest } from '@trato/contracts/users';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './roles.service.ts';

const tags = ['roles'];
const Params = z.object({ id });

export const rolesModule: AppModule = {
  name: 'roles',
  routes(app, { db }) {
    app.get(
      '/roles',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Every role with its permissions; the built-in ones first',
          response: { 200: z.object({ data: z.array(Role).max(1000) }) },
        },
      },
      async () => ({ data: await service.listRoles(db) }),
    );
    app.get(
      '/roles/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'One role', params: Params, response: { 200: Role } },
      },
      async (request) => service.getRole(db, request.params.id),
    );
    app.post(
      '/roles',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a role: what it may do on each object, on which records, and whether it configures',
          body: CreateRoleRequest,
          response: { 201: Role },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createRole(db, authOf(request), request.body)),
    );
    app.patch(
      '/roles/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change the labels or permissions of a role (the admin role always keeps configure)',
          params: Params,
          body: UpdateRoleRequest,
          response: { 200: Role },
        },
      },
      async (request) => service.updateRole(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/roles/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Remove a role nobody has; the built-in roles cannot be removed',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteRole(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
