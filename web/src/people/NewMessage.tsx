// Direct and group messages: pick one person for a DM or several (2–7 others) for a group message; never yourself.
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../api.ts';
import { fetchChannel } from '../actions.ts';
import { addUsers, displayName, getState } from '../store.ts';
import { channelPath, navigate } from '../router.ts';
import { close, ErrorText, Modal } from '../Modal.tsx';
import { PresenceDot } from './PresenceDot.tsx';

/** Mattermost's group message size: 3 to 8 people including yourself. */
const MAX_OTHERS = 7;

export function NewMessage({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const intl = useIntl();
  const [users, setUsers] = useState<UserProfile[]>([]);
  const [picked, setPicked] = useState<UserProfile[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState('');
  const meId = getState().me?.id;
  useEffect(() => {
    client.getProfilesInTeam(teamId, 0, 200).then(
      (list) => {
        addUsers(list);
        setUsers(list.filter((u) => u.id !== meId && !u.delete_at));
      },
      (err) => setError(errorMessage(err)),
    );
  }, [teamId, meId]);

  async function go(): Promise<void> {
    const me = getState().me;
    if (!me || !picked.length) return;
    try {
      const ch =
        picked.length === 1
          ? await client.createDirectChannel([me.id, picked[0].id])
          : await client.createGroupChannel([me.id, ...picked.map((u) => u.id)]);
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const f = filter.toLowerCase();
  const shown = users.filter(
    (u) => !picked.some((p) => p.id === u.id) && (u.username.includes(f) || displayName(u).toLowerCase().includes(f)),
  );
  return (
    <Modal title={intl.formatMessage({ id: 'dm.title', defaultMessage: 'Direct message' })}>
      <p className="muted">
        <FormattedMessage
          id="dm.help"
          defaultMessage="Pick one person for a direct message, or up to {max} for a group message."
          values={{ max: MAX_OTHERS }}
        />
      </p>
      {picked.length > 0 && (
        <ul className="picked" aria-label={intl.formatMessage({ id: 'dm.picked', defaultMessage: 'Selected people' })}>
          {picked.map((u) => (
            <li key={u.id}>
              @{u.username}
              <button
                className="icon"
                aria-label={intl.formatMessage({ id: 'dm.unpick', defaultMessage: 'Remove {name}' }, { name: u.username })}
                onClick={() => setPicked((p) => p.filter((x) => x.id !== u.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        aria-label={intl.formatMessage({ id: 'dm.find', defaultMessage: 'Find people' })}
        placeholder={intl.formatMessage({ id: 'dm.find', defaultMessage: 'Find people' })}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        autoFocus
      />
      <ErrorText text={error} />
      <ul className="pick-list">
        {shown.map((u) => (
          <li key={u.id}>
            <div>
              <PresenceDot userId={u.id} />
              <strong>@{u.username}</strong>
              {displayName(u) !== u.username && <span className="muted"> {displayName(u)}</span>}
            </div>
            <button
              disabled={picked.length >= MAX_OTHERS}
              aria-label={intl.formatMessage({ id: 'dm.pick', defaultMessage: 'Add {name}' }, { name: u.username })}
              onClick={() => setPicked((p) => [...p, u])}
            >
              <FormattedMessage id="dm.pick.button" defaultMessage="Add" />
            </button>
          </li>
        ))}
      </ul>
      <button onClick={() => void go()} disabled={!picked.length}>
        {picked.length > 1 ? (
          <FormattedMessage id="dm.go.group" defaultMessage="Start group message" />
        ) : (
          <FormattedMessage id="dm.go" defaultMessage="Start message" />
        )}
      </button>
    </Modal>
  );
}
