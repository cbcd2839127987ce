import type { PanelParams } from '../actions/actions.api';

/** The panel's state in the URL: whose actions (`?scope=team`, plus `team=<id>` or `user=<id>` for managers). */
export interface PanelSearch {
  scope?: 'team';
  team?: string;
  user?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validatePanelSearch(search: Record<string, unknown>): PanelSearch {
  const result: PanelSearch = {};
  if (search.scope === 'team') result.scope = 'team';
  if (typeof search.user === 'string' && UUID.test(search.user)) result.user = search.user;
  else if (typeof search.team === 'string' && UUID.test(search.team)) result.team = search.team;
  return result;
}

export const panelParams = (search: PanelSearch, limit: number): PanelParams =>
  search.user
    ? { user_id: search.user, limit }
    : search.team
      ? { team_id: search.team, limit }
      : { scope: search.scope === 'team' ? 'team' : 'mine', limit };
