// Ctrl/Cmd+K: find a channel or a person. Empty query: the channels most recently viewed. With a query: joined
// channels and DMs, then the team's other public channels (POST /teams/{id}/channels/search), then people
// (GET /users/autocomplete). Up/Down move, Enter opens (joining a public channel, opening a DM).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../api.ts';
import { attempt, fetchChannel } from '../actions.ts';
import { addUsers, channelTitle, displayName, getState, showNotice, teamChannels, useStore } from '../store.ts';
import { channelPath, navigate } from '../router.ts';
import { close, Modal } from '../Modal.tsx';
import { PresenceDot } from '../people/PresenceDot.tsx';

type Item =
  | { kind: 'channel'; key: string; channel: Channel; joined: boolean; label: string }
  | { kind: 'user'; key: string; user: UserProfile; label: string };

let seq = 0;

export function Switcher({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const intl = useIntl();
  const [q, setQ] = useState('');
  const [sel, setSel] = useState(0);
  const [remote, setRemote] = useState<Item[]>([]);
  const s = useStore((st) => st);
  const list = useRef<HTMLUListElement>(null);
  const term = q.trim().toLowerCase();

  const joined = teamChannels(s, teamId);
  const local: Item[] = (
    term
      ? joined.filter((c) => channelTitle(c, s).toLowerCase().includes(term) || c.name.includes(term))
      : [...joined].sort((a, b) => (s.members[b.id]?.last_viewed_at ?? 0) - (s.members[a.id]?.last_viewed_at ?? 0))
  )
    .slice(0, term ? 20 : 10)
    .map((c) => ({ kind: 'channel', key: c.id, channel: c, joined: true, label: channelTitle(c, s) }));

  useEffect(() => {
    if (!term) {
      setRemote([]);
      return;
    }
    const mine = ++seq;
    void Promise.all([
      client.searchChannels(teamId, term).then(
        (l) => l as unknown as Channel[],
        () => [] as Channel[],
      ),
      client.autocompleteUsers(term, teamId, '', { limit: 10 }).catch(() => ({ users: [] as UserProfile[] })),
    ]).then(([channels, users]) => {
      if (mine !== seq) return;
      const st = getState();
      addUsers(users.users ?? []);
      setRemote([
        ...channels
          .filter((c) => !st.members[c.id] && c.type === 'O' && !c.delete_at)
          .slice(0, 10)
          .map((c): Item => ({ kind: 'channel', key: c.id, channel: c, joined: false, label: c.display_name })),
        ...(users.users ?? [])
          .filter((u) => !u.delete_at)
          .map((u): Item => ({ kind: 'user', key: 'u' + u.id, user: u, label: displayName(u) })),
      ]);
    });
  }, [term, teamId]);

  const items = [...local, ...remote.filter((r) => !local.some((l) => l.key === r.key))];
  const safeSel = Math.min(sel, Math.max(0, items.length - 1));

  useEffect(() => {
    list.current?.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest' });
  }, [safeSel]);

  async function go(item: Item | undefined): Promise<void> {
    if (!item) return;
    const me = getState().me;
    if (!me) return;
    if (item.kind === 'user') {
      const ch = await attempt(() => client.createDirectChannel([me.id, item.user.id]));
      if (!ch) return;
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
      return;
    }
    if (!item.joined) {
      try {
        await client.addToChannel(me.id, item.channel.id);
      } catch (err) {
        showNotice(errorMessage(err));
        return;
      }
      await fetchChannel(item.channel.id);
    }
    close();
    navigate(channelPath(teamName, item.channel));
  }

  const describe = (it: Item): ReactNode => {
    if (it.kind === 'user')
      return (
        <>
          <PresenceDot userId={it.user.id} /> @{it.user.username}
          {it.label !== it.user.username && <span className="muted"> {it.label}</span>}
        </>
      );
    const prefix = it.channel.type === 'O' ? '# ' : it.channel.type === 'P' ? '🔒 ' : '';
    return (
      <>
        {prefix}
        {it.label}
        {!it.joined && (
          <span className="muted">
            {' '}
            <FormattedMessage id="switcher.not_joined" defaultMessage="(not joined)" />
          </span>
        )}
      </>
    );
  };

  return (
    <Modal title={intl.formatMessage({ id: 'switcher.title', defaultMessage: 'Switch channel' })}>
      <input
        aria-label={intl.formatMessage({ id: 'switcher.input', defaultMessage: 'Channel name' })}
        placeholder={intl.formatMessage({ id: 'switcher.placeholder', defaultMessage: 'Find channels and people' })}
        value={q}
        autoFocus
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls="switcher-list"
        aria-activedescendant={items[safeSel] ? `switcher-${items[safeSel].key}` : undefined}
        onChange={(e) => {
          setQ(e.target.value);
          setSel(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setSel(Math.min(items.length - 1, safeSel + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setSel(Math.max(0, safeSel - 1));
          } else if (e.key === 'Enter') void go(items[safeSel]);
        }}
      />
      {!term && (
        <h3 className="muted">
          <FormattedMessage id="switcher.recent" defaultMessage="Recent" />
        </h3>
      )}
      <ul
        className="pick-list"
        role="listbox"
        id="switcher-list"
        ref={list}
        aria-label={intl.formatMessage({ id: 'switcher.matches', defaultMessage: 'Matching channels' })}
      >
        {items.map((it, i) => (
          <li
            key={it.key}
            id={`switcher-${it.key}`}
            role="option"
            aria-selected={i === safeSel}
            className={i === safeSel ? 'selected' : ''}
            onClick={() => void go(it)}
          >
            {describe(it)}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
