// The console's teams: every team (deleted ones too), with delete/restore and privacy (open or invite only).
import { useCallback, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Team } from '@mattermost/types/teams';
import { client } from '../api.ts';
import { ErrorAlert, useAdminList } from './common.tsx';
import { rawFetch } from './raw.ts';

export function TeamsPage(): ReactNode {
  const intl = useIntl();
  const load = useCallback(() => rawFetch<Team[]>(`${client.getTeamsRoute()}?page=0&per_page=200&include_deleted=true`, 'get'), []);
  const { items: teams, error, act } = useAdminList(load);

  return (
    <section className="admin-users" aria-label={intl.formatMessage({ id: 'admin.teams.title', defaultMessage: 'Teams' })}>
      <h2>
        <FormattedMessage id="admin.teams.title" defaultMessage="Teams" />
      </h2>
      <ErrorAlert error={error} />
      <ul className="pick-list">
        {teams.map((team) => {
          const deleted = team.delete_at > 0;
          const name = team.display_name;
          const t = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage }, { name });
          return (
            <li key={team.id}>
              <div>
                <strong>{team.display_name}</strong> <span className="muted">/{team.name}</span>
                <span className="tag">
                  {team.type === 'O'
                    ? intl.formatMessage({ id: 'admin.teams.open', defaultMessage: 'Open' })
                    : intl.formatMessage({ id: 'admin.teams.invite_only', defaultMessage: 'Invite only' })}
                </span>
                {deleted && (
                  <span className="tag off">
                    <FormattedMessage id="admin.teams.deleted" defaultMessage="Deleted" />
                  </span>
                )}
              </div>
              <div className="admin-actions">
                {!deleted && (
                  <button
                    className="secondary"
                    aria-label={
                      team.type === 'O'
                        ? t('admin.teams.make_private', 'Make {name} invite only')
                        : t('admin.teams.make_open', 'Make {name} open')
                    }
                    onClick={() =>
                      void act(() =>
                        rawFetch(
                          `${client.getTeamRoute(team.id)}/privacy`,
                          'put',
                          JSON.stringify({ privacy: team.type === 'O' ? 'I' : 'O' }),
                        ),
                      )
                    }
                  >
                    {team.type === 'O'
                      ? intl.formatMessage({ id: 'admin.teams.make_private_short', defaultMessage: 'Make invite only' })
                      : intl.formatMessage({ id: 'admin.teams.make_open_short', defaultMessage: 'Make open' })}
                  </button>
                )}
                {deleted ? (
                  <button
                    className="secondary"
                    aria-label={t('admin.teams.restore', 'Restore {name}')}
                    onClick={() => void act(() => client.unarchiveTeam(team.id))}
                  >
                    <FormattedMessage id="admin.teams.restore_short" defaultMessage="Restore" />
                  </button>
                ) : (
                  <button
                    className="danger"
                    aria-label={t('admin.teams.delete', 'Delete {name}')}
                    onClick={() => void act(() => client.deleteTeam(team.id))}
                  >
                    <FormattedMessage id="admin.teams.delete_short" defaultMessage="Delete" />
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
