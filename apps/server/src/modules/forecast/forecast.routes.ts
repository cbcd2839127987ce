import { Forecast, ForecastHistory, ForecastHistoryQuery, ForecastQuery } from '@trato/contracts/cases';
import { isoDate } from '@trato/contracts/common';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { getForecast, getForecastHistory } from './forecast.service.ts';
import { installationToday, takeForecastSnapshot } from './forecast-snapshots.ts';

const tags = ['forecast'];

/** The answer to taking a snapshot by hand. */
const SnapshotTaken = z.object({
  taken_on: isoDate,
  /** Rows written: one per close month, type, owner, team, status and currency with open opportunities. */
  rows: z.number().int().min(0),
});

export const forecastModule: AppModule = {
  name: 'forecast',
  routes(app, { db }) {
    app.get(
      '/forecast',
      {
        config: { access: { object: 'cases', action: 'read' } },
        schema: {
          tags,
          summary:
            'Open opportunities by month of expected close (grouped by status, owner or team; unweighted and weighted) and what was won each month',
          querystring: ForecastQuery,
          response: { 200: Forecast },
        },
      },
      async (request) => getForecast(db, authOf(request), request.query, request.locale),
    );

    app.get(
      '/forecast/history',
      {
        config: { access: { object: 'cases', action: 'read' } },
        schema: {
          tags,
          summary: "How one close month's forecast moved from weekly snapshot to snapshot, and what was won",
          querystring: ForecastHistoryQuery,
          response: { 200: ForecastHistory },
        },
      },
      async (request) => getForecastHistory(db, authOf(request), request.query),
    );

    app.post(
      '/forecast/snapshots',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: "Take today's forecast snapshot now (replaces one already taken today)",
          response: { 201: SnapshotTaken },
        },
      },
      async (request, reply) => {
        const taken = await takeForecastSnapshot(db, await installationToday(db), {
          actorId: authOf(request).userId,
        });
        return reply.status(201).send(taken);
      },
    );
  },
};
