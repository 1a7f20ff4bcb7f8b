// The signed-in layout: team sidebar, channel sidebar, channel view and the right-hand pane; keeps the URL in sync.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { loadTeam, logout, openChannel } from './actions.ts';
import { channelTitle, getState, setState, teamChannels, useStore } from './store.ts';
import { channelPath, navigate, useLocation } from './router.ts';
import { ChannelView } from './ChannelView.tsx';
import { Rhs } from './Rhs.tsx';
import { Dialogs, openDialog } from './Dialogs.tsx';
import { InteractiveDialogHost } from './InteractiveDialog.tsx';

export function MainView(): ReactNode {
  const { path } = useLocation();
  const teams = useStore((s) => s.teams);
  const currentTeamId = useStore((s) => s.currentTeamId);
  const currentChannelId = useStore((s) => s.currentChannelId);
  const channels = useStore((s) => s.channels);
  const rhs = useStore((s) => s.rhs);
  const notice = useStore((s) => s.notice);
  const connected = useStore((s) => s.connected);
  const [loadedTeam, setLoadedTeam] = useState('');
  const [navOpen, setNavOpen] = useState(false);

  const [teamName, , channelName] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const team = teams.find((t) => t.name === teamName);

  useEffect(() => {
    if (!team) {
      navigate(teams.length ? `/${teams[0].name}` : '/create_team', true);
      return;
    }
    if (team.id !== currentTeamId || !loadedTeam) {
      setLoadedTeam('');
      void loadTeam(team.id).then(
        () => setLoadedTeam(team.id),
        () => setLoadedTeam(team.id),
      );
    }
  }, [team?.id, teams.length]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!team || loadedTeam !== team.id) return;
    const list = teamChannels(getState(), team.id);
    const ch = list.find((c) => c.name === channelName);
    if (!ch) {
      const fallback = list.find((c) => c.name === 'town-square') ?? list.find((c) => c.type === 'O') ?? list[0];
      if (fallback) navigate(channelPath(team.name, fallback), true);
      else if (currentChannelId) setState({ currentChannelId: '' });
      return;
    }
    if (ch.id !== currentChannelId) {
      setNavOpen(false);
      void openChannel(ch.id);
    }
  }, [loadedTeam, channelName, channels, team?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        openDialog({ kind: 'switcher' });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!team) return null;
  return (
    <div className={`app ${navOpen ? 'nav-open' : ''} ${rhs ? 'rhs-open' : ''}`}>
      <TeamSidebar currentTeamId={team.id} />
      <ChannelSidebar teamId={team.id} teamName={team.name} teamDisplayName={team.display_name} />
      <main className="center">
        {!connected && (
          <div className="banner" role="status">
            Connecting…
          </div>
        )}
        {currentChannelId && channels[currentChannelId] ? (
          <ChannelView key={currentChannelId} channelId={currentChannelId} onToggleNav={() => setNavOpen((o) => !o)} />
        ) : (
          <div className="empty-center">
            <button className="nav-toggle" aria-label="Toggle channel list" onClick={() => setNavOpen((o) => !o)}>
              ☰
            </button>
            <p>{loadedTeam ? 'No channel selected.' : 'Loading…'}</p>
          </div>
        )}
      </main>
      {rhs && <Rhs />}
      {notice && (
        <div className="toast" role="alert">
          <span>{notice}</span>
          <button aria-label="Dismiss message" onClick={() => setState({ notice: '' })}>
            ×
          </button>
        </div>
      )}
      <Dialogs teamId={team.id} teamName={team.name} />
      <InteractiveDialogHost />
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

function TeamSidebar({ currentTeamId }: { currentTeamId: string }): ReactNode {
  const teams = useStore((s) => s.teams);
  return (
    <nav className="team-sidebar" aria-label="Teams">
      {teams.map((t) => (
        <button
          key={t.id}
          className={`team-btn ${t.id === currentTeamId ? 'active' : ''}`}
          aria-label={`Team ${t.display_name}`}
          aria-current={t.id === currentTeamId ? 'page' : undefined}
          title={t.display_name}
          onClick={() => navigate(`/${t.name}`)}
        >
          {initials(t.display_name)}
        </button>
      ))}
      <button className="team-btn add" aria-label="Create a team" title="Create a team" onClick={() => navigate('/create_team')}>
        +
      </button>
    </nav>
  );
}

function ChannelSidebar({ teamId, teamName, teamDisplayName }: { teamId: string; teamName: string; teamDisplayName: string }): ReactNode {
  const s = useStore((st) => st);
  const [menu, setMenu] = useState(false);
  const list = useMemo(() => teamChannels(s, teamId), [s.channels, s.members, teamId]); // eslint-disable-line react-hooks/exhaustive-deps
  const byTitle = (a: Channel, b: Channel): number => channelTitle(a, s).localeCompare(channelTitle(b, s));
  const sections: Array<[string, Channel[], () => void, string]> = [
    [
      'Public channels',
      list.filter((c) => c.type === 'O').sort(byTitle),
      () => openDialog({ kind: 'createChannel', type: 'O' }),
      'Create a public channel',
    ],
    [
      'Private channels',
      list.filter((c) => c.type === 'P').sort(byTitle),
      () => openDialog({ kind: 'createChannel', type: 'P' }),
      'Create a private channel',
    ],
    [
      'Direct messages',
      list.filter((c) => c.type === 'D' || c.type === 'G').sort((a, b) => b.last_post_at - a.last_post_at),
      () => openDialog({ kind: 'newDm' }),
      'Write a direct message',
    ],
  ];
  return (
    <aside className="channel-sidebar" aria-label="Channels">
      <div className="sidebar-header">
        <button className="team-name" aria-label="Team menu" aria-expanded={menu} onClick={() => setMenu((m) => !m)}>
          {teamDisplayName} ▾
        </button>
        <div className="me-name">@{s.me?.username}</div>
        {menu && (
          <div className="menu" role="menu" onClick={() => setMenu(false)}>
            <button role="menuitem" onClick={() => openDialog({ kind: 'invite' })}>
              Invite people
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'teamMembers' })}>
              Team members
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'browse' })}>
              Browse channels
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'import' })}>
              Import from Slack
            </button>
            <button role="menuitem" onClick={() => navigate('/create_team')}>
              Create a team
            </button>
            {s.me?.roles.split(' ').includes('system_admin') && (
              <button role="menuitem" onClick={() => navigate('/admin_console')}>
                System console
              </button>
            )}
            <button role="menuitem" onClick={() => void logout()}>
              Log out
            </button>
          </div>
        )}
      </div>
      <button className="switcher-btn" aria-label="Find channel (Ctrl+K)" onClick={() => openDialog({ kind: 'switcher' })}>
        Find channel <kbd>Ctrl K</kbd>
      </button>
      {sections.map(([title, items, onAdd, addLabel]) => (
        <section key={title} className="sidebar-section" aria-label={title}>
          <h3>
            <span>{title}</span>
            <button className="icon" aria-label={addLabel} title={addLabel} onClick={onAdd}>
              +
            </button>
          </h3>
          <ul>
            {items.map((c) => {
              const mem = s.members[c.id];
              const unread = mem ? Math.max(0, c.total_msg_count - mem.msg_count) : 0;
              const mentions = mem?.mention_count ?? 0;
              const active = c.id === s.currentChannelId;
              return (
                <li key={c.id}>
                  <a
                    href={channelPath(teamName, c)}
                    className={`channel-item ${active ? 'active' : ''} ${unread > 0 && !active ? 'unread' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-label={`${channelTitle(c, s)}${unread && !active ? ', unread' : ''}${mentions && !active ? `, ${mentions} mentions` : ''}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(channelPath(teamName, c));
                    }}
                  >
                    <span className="prefix">{c.type === 'O' ? '#' : c.type === 'P' ? '🔒' : '●'}</span>
                    <span className="title">{channelTitle(c, s)}</span>
                    {mentions > 0 && !active && (
                      <span className="badge" aria-hidden="true">
                        {mentions}
                      </span>
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
          {title === 'Public channels' && (
            <button className="link" onClick={() => openDialog({ kind: 'browse' })}>
              Browse channels
            </button>
          )}
        </section>
      ))}
    </aside>
  );
}
