// Modal dialogs: create/browse channels, channel settings and members, DMs, the Ctrl+K switcher; the team dialogs
// are in TeamDialogs.tsx.
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from './api.ts';
import { fetchChannel } from './actions.ts';
import { channelTitle, getState, setState, useStore, type DialogSpec } from './store.ts';
import { channelPath, navigate } from './router.ts';
import { close, ErrorText, Modal, UserRow } from './Modal.tsx';
import { Invite, SlackImport, TeamMembers } from './TeamDialogs.tsx';
import { afterLeave } from './channelActions.ts';
import { ArchiveButton } from './channels/ArchivedBanner.tsx';
import { NewMessage } from './people/NewMessage.tsx';
import { Switcher as FindSwitcher } from './switcher/Switcher.tsx';
import { MemberCount } from './channels/MemberCount.tsx';

// Account settings are loaded on demand.
const AccountSettings = lazy(() => import('./settings/AccountSettings.tsx').then((m) => ({ default: m.AccountSettings })));

export function openDialog(d: DialogSpec): void {
  setState({ dialog: d });
}

export function Dialogs({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const d = useStore((s) => s.dialog);
  if (!d) return null;
  switch (d.kind) {
    case 'createChannel':
      return <CreateChannel teamId={teamId} teamName={teamName} type={d.type} />;
    case 'browse':
      return <BrowseChannels teamId={teamId} teamName={teamName} />;
    case 'channelSettings':
      return <ChannelSettings channelId={d.channelId} />;
    case 'channelMembers':
      return <ChannelMembers channelId={d.channelId} teamId={teamId} />;
    case 'invite':
      return <Invite teamId={teamId} />;
    case 'teamMembers':
      return <TeamMembers teamId={teamId} />;
    case 'newDm':
      return <NewMessage teamId={teamId} teamName={teamName} />;
    case 'switcher':
      return <FindSwitcher teamId={teamId} teamName={teamName} />;
    case 'import':
      return <SlackImport teamId={teamId} />;
    case 'accountSettings':
      return (
        <Suspense fallback={null}>
          <AccountSettings />
        </Suspense>
      );
  }
}

export function channelNameFrom(display: string): string {
  const base = display
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.length >= 2 ? base.slice(0, 64) : `channel-${Math.random().toString(36).slice(2, 8)}`;
}

function CreateChannel({ teamId, teamName, type }: { teamId: string; teamName: string; type: 'O' | 'P' }): ReactNode {
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [priv, setPriv] = useState(type === 'P');
  const [error, setError] = useState('');
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const ch = await client.createChannel({
        team_id: teamId,
        display_name: name,
        name: channelNameFrom(name),
        type: priv ? 'P' : 'O',
        purpose,
      });
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title="Create channel">
      <form onSubmit={submit} className="form">
        <label>
          Name
          <input aria-label="Channel name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} autoFocus />
        </label>
        <label>
          Purpose (optional)
          <input aria-label="Channel purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={250} />
        </label>
        <fieldset className="radio-row">
          <legend>Visibility</legend>
          <label>
            <input type="radio" name="vis" checked={!priv} onChange={() => setPriv(false)} /> Public
          </label>
          <label>
            <input type="radio" name="vis" checked={priv} onChange={() => setPriv(true)} /> Private
          </label>
        </fieldset>
        <ErrorText text={error} />
        <button type="submit">Create channel</button>
      </form>
    </Modal>
  );
}

function BrowseChannels({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const [list, setList] = useState<Channel[] | null>(null);
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');
  const members = useStore((s) => s.members);
  useEffect(() => {
    client.getChannels(teamId, 0, 200).then(setList, (err) => setError(errorMessage(err)));
  }, [teamId]);
  async function join(ch: Channel): Promise<void> {
    const me = getState().me;
    if (!me) return;
    try {
      if (!members[ch.id]) await client.addToChannel(me.id, ch.id);
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const shown = (list ?? []).filter((c) => (c.display_name + c.name).toLowerCase().includes(filter.toLowerCase()));
  return (
    <Modal title="Browse channels">
      <input aria-label="Filter channels" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
      <ErrorText text={error} />
      {!list && !error && <p>Loading…</p>}
      <ul className="pick-list">
        {shown.map((c) => (
          <li key={c.id}>
            <div>
              <strong># {c.display_name}</strong>
              {c.purpose && <div className="muted">{c.purpose}</div>}
              <MemberCount channelId={c.id} />
            </div>
            <button onClick={() => void join(c)} aria-label={`${members[c.id] ? 'Open' : 'Join'} ${c.display_name}`}>
              {members[c.id] ? 'Open' : 'Join'}
            </button>
          </li>
        ))}
        {list && !shown.length && <li className="muted">No channels.</li>}
      </ul>
    </Modal>
  );
}

function ChannelSettings({ channelId }: { channelId: string }): ReactNode {
  const ch = useStore((s) => s.channels[channelId]);
  const [header, setHeader] = useState(ch?.header ?? '');
  const [purpose, setPurpose] = useState(ch?.purpose ?? '');
  const [displayName, setDisplayName] = useState(ch?.display_name ?? '');
  const [error, setError] = useState('');
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const updated = await client.patchChannel(channelId, { header, purpose, display_name: displayName });
      setState((s) => ({ channels: { ...s.channels, [channelId]: { ...s.channels[channelId], ...updated } } }));
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function makePrivate(): Promise<void> {
    if (!window.confirm('Convert this channel to private? Only its members will see it. This cannot be undone here.')) return;
    try {
      const updated = await client.updateChannelPrivacy(channelId, 'P');
      setState((s) => ({ channels: { ...s.channels, [channelId]: { ...s.channels[channelId], ...updated } } }));
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function leave(): Promise<void> {
    const me = getState().me;
    if (!me) return;
    try {
      await client.removeFromChannel(me.id, channelId);
      afterLeave(channelId);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  if (!ch) return null;
  return (
    <Modal title="Channel settings">
      <form onSubmit={submit} className="form">
        <label>
          Display name
          <input aria-label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={64} required />
        </label>
        <label>
          Header
          <input aria-label="Channel header" value={header} onChange={(e) => setHeader(e.target.value)} maxLength={1024} />
        </label>
        <label>
          Purpose
          <input aria-label="Channel purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={250} />
        </label>
        <ErrorText text={error} />
        <button type="submit">Save</button>
        {ch.type === 'O' && ch.name !== 'town-square' && (
          <button type="button" className="secondary" onClick={() => void makePrivate()}>
            Convert to private channel
          </button>
        )}
        <ArchiveButton channel={ch} />
        <button type="button" className="danger" onClick={() => void leave()}>
          Leave channel
        </button>
      </form>
    </Modal>
  );
}

function ChannelMembers({ channelId, teamId }: { channelId: string; teamId: string }): ReactNode {
  const [members, setMembers] = useState<UserProfile[]>([]);
  const [others, setOthers] = useState<UserProfile[]>([]);
  const [error, setError] = useState('');
  const me = useStore((s) => s.me);
  const ch = useStore((s) => s.channels[channelId]);
  async function reload(): Promise<void> {
    try {
      const [m, o] = await Promise.all([
        client.getProfilesInChannel(channelId, 0, 200),
        client.getProfilesNotInChannel(teamId, channelId, false, 0, 200),
      ]);
      setMembers(m);
      setOthers(o);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void reload();
  }, [channelId]); // eslint-disable-line react-hooks/exhaustive-deps
  async function run(fn: () => Promise<unknown>): Promise<void> {
    setError('');
    try {
      await fn();
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title={`Members of ${ch ? channelTitle(ch, getState()) : 'channel'}`}>
      <ErrorText text={error} />
      <h3>Members ({members.length})</h3>
      <ul className="pick-list">
        {members.map((u) => (
          <UserRow
            key={u.id}
            u={u}
            label="Remove"
            action={u.id === me?.id ? undefined : () => void run(() => client.removeFromChannel(u.id, channelId))}
          />
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <h3>Add people</h3>
          <ul className="pick-list">
            {others.map((u) => (
              <UserRow key={u.id} u={u} label="Add" action={() => void run(() => client.addToChannel(u.id, channelId))} />
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
