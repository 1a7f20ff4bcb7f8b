// The console's channels of a team: archive and unarchive, public or private.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { client, errorMessage } from '../api.ts';
import { ErrorAlert, useAdminList } from './common.tsx';

export function ChannelsPage(): ReactNode {
  const intl = useIntl();
  const [teams, setTeams] = useState<Team[]>([]);
  const [teamId, setTeamId] = useState('');

  const load = useCallback(async (): Promise<Channel[]> => {
    if (!teamId) return [];
    const [open, archived, mine] = await Promise.all([
      client.getChannels(teamId, 0, 200),
      client.getArchivedChannels(teamId, 0, 200),
      client.getMyChannels(teamId, true),
    ]);
    const byId = new Map<string, Channel>();
    for (const c of [...open, ...archived, ...mine]) if (c.type === 'O' || c.type === 'P') byId.set(c.id, c);
    return [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name));
  }, [teamId]);
  const { items: channels, error, act, setError } = useAdminList(load);
  useEffect(() => {
    client.getTeams(0, 200).then(
      (ts) => {
        const list = ts as Team[];
        setTeams(list);
        if (list[0]) setTeamId(list[0].id);
      },
      (err) => setError(errorMessage(err)),
    );
  }, [setError]);

  return (
    <section className="admin-users" aria-label={intl.formatMessage({ id: 'admin.channels.title', defaultMessage: 'Channels' })}>
      <h2>
        <FormattedMessage id="admin.channels.title" defaultMessage="Channels" />
      </h2>
      <select
        aria-label={intl.formatMessage({ id: 'admin.channels.team', defaultMessage: 'Team' })}
        value={teamId}
        onChange={(e) => setTeamId(e.target.value)}
      >
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.display_name}
          </option>
        ))}
      </select>
      <ErrorAlert error={error} />
      <ul className="pick-list">
        {channels.map((ch) => {
          const archived = ch.delete_at > 0;
          const name = ch.display_name;
          const t = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage }, { name });
          return (
            <li key={ch.id}>
              <div>
                <strong>{ch.display_name}</strong>
                <span className="tag">
                  {ch.type === 'O'
                    ? intl.formatMessage({ id: 'admin.channels.public', defaultMessage: 'Public' })
                    : intl.formatMessage({ id: 'admin.channels.private', defaultMessage: 'Private' })}
                </span>
                {archived && (
                  <span className="tag off">
                    <FormattedMessage id="admin.channels.archived" defaultMessage="Archived" />
                  </span>
                )}
              </div>
              <div className="admin-actions">
                {!archived && (
                  <button
                    className="secondary"
                    aria-label={
                      ch.type === 'O'
                        ? t('admin.channels.make_private', 'Make {name} private')
                        : t('admin.channels.make_public', 'Make {name} public')
                    }
                    onClick={() => void act(() => client.updateChannelPrivacy(ch.id, ch.type === 'O' ? 'P' : 'O'))}
                  >
                    {ch.type === 'O'
                      ? intl.formatMessage({ id: 'admin.channels.make_private_short', defaultMessage: 'Make private' })
                      : intl.formatMessage({ id: 'admin.channels.make_public_short', defaultMessage: 'Make public' })}
                  </button>
                )}
                {archived ? (
                  <button
                    className="secondary"
                    aria-label={t('admin.channels.unarchive', 'Unarchive {name}')}
                    onClick={() => void act(() => client.unarchiveChannel(ch.id))}
                  >
                    <FormattedMessage id="admin.channels.unarchive_short" defaultMessage="Unarchive" />
                  </button>
                ) : (
                  <button
                    className="danger"
                    aria-label={t('admin.channels.archive', 'Archive {name}')}
                    onClick={() => void act(() => client.deleteChannel(ch.id))}
                  >
                    <FormattedMessage id="admin.channels.archive_short" defaultMessage="Archive" />
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
