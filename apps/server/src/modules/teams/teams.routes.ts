import { id } from '@trato/contracts/common';
import { CreateTeamRequest, Team, UpdateTeamRequest } from '@trato/contracts/users';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './teams.service.ts';

const tags = ['teams'];
const Params = z.object({ id });

export const teamsModule: AppModule = {
  name: 'teams',
  routes(app, { db }) {
    app.get(
      '/teams',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Every team with its members, sorted by name',
          response: { 200: z.object({ data: z.array(Team).max(1000) }) },
        },
      },
      async () => ({ data: await service.listTeams(db) }),
    );
    app.get(
      '/teams/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'One team with its members', params: Params, response: { 200: Team } },
      },
      async (request) => service.getTeam(db, request.params.id),
    );
    app.post(
      '/teams',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a team, optionally with its members',
          body: CreateTeamRequest,
          response: { 201: Team },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createTeam(db, authOf(request), request.body)),
    );
    app.patch(
      '/teams/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Rename a team or replace its members (member_ids is the whole new set)',
          params: Params,
          body: UpdateTeamRequest,
          response: { 200: Team },
        },
      },
      async (request) => service.updateTeam(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/teams/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Remove a team; its members no longer see records through it',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteTeam(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
