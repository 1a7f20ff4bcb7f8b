// The signed-in layout: team sidebar, channel sidebar, channel view and the right-hand pane; keeps the URL in sync.
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { FormattedMessage, useIntl } from 'react-intl';
import { loadTeam, logout, openChannel } from './actions.ts';
import { channelTitle, dmPartnerId, getState, openDialog, setState, teamChannels, useStore } from './store.ts';
import { channelPath, navigate, useLocation } from './router.ts';
import { ChannelView } from './ChannelView.tsx';
import { openPermalink } from './messages/postActions.ts';
import { PresenceDot } from './people/PresenceDot.tsx';
import { focusFirstItem, menuKeyDown } from './a11y/menu.ts';
import { InteractiveDialogHost } from './InteractiveDialogHost.tsx';
import { ProfilePopoverHost } from './people/ProfilePopoverHost.tsx';
import { CustomStatusEmoji } from './people/CustomStatusEmoji.tsx';
import { UserMenu } from './people/UserMenu.tsx';
import { socket } from './api.ts';
import { DraftsItem } from './drafts/DraftsItem.tsx';

const ThreadsView = lazy(() => import('./threads/ThreadsView.tsx'));
const DraftsView = lazy(() => import('./drafts/DraftsView.tsx'));
const Dialogs = lazy(() => import('./Dialogs.tsx').then((m) => ({ default: m.Dialogs })));
const Rhs = lazy(() => import('./Rhs.tsx').then((m) => ({ default: m.Rhs })));

export function MainView(): ReactNode {
  const { path } = useLocation();
  const teams = useStore((s) => s.teams);
  const currentTeamId = useStore((s) => s.currentTeamId);
  const currentChannelId = useStore((s) => s.currentChannelId);
  const channels = useStore((s) => s.channels);
  const rhs = useStore((s) => s.rhs);
  const notice = useStore((s) => s.notice);
  const connected = useStore((s) => s.connected);
  const dialogOpen = useStore((s) => s.dialog !== null);
  const intl = useIntl();
  // Names are drawn with displayName(): a new name format redraws the view.
  const nameFormat = useStore((s) => s.preferences['display_settings:name_format'] ?? '');
  const [loadedTeam, setLoadedTeam] = useState('');
  const [navOpen, setNavOpen] = useState(false);

  const [teamName, section, channelName] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const team = teams.find((t) => t.name === teamName);
  // /<team>/threads[/<thread_id>]: the Threads view instead of a channel
  const inThreads = section === 'threads';
  // /<team>/drafts: the Drafts view
  const inDrafts = section === 'drafts';

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
    if (inThreads) {
      setNavOpen(false);
      if (getState().threadsViewId === null) setState({ rhs: null });
      setState({ threadsViewId: channelName ?? '', currentChannelId: '' });
      socket.updateActiveChannel('');
      return;
    }
    if (getState().threadsViewId !== null) setState({ threadsViewId: null });
    if (inDrafts) {
      setNavOpen(false);
      setState({ currentChannelId: '', rhs: null });
      socket.updateActiveChannel('');
      return;
    }
    if (path.split('/')[2] === 'pl' && channelName) {
      // a permalink: /<team>/pl/<post_id>
      void openPermalink(team.name, channelName);
      return;
    }
    const list = teamChannels(getState(), team.id);
    // an archived channel stays open (read-only) for its members
    const ch =
      list.find((c) => c.name === channelName) ??
      Object.values(getState().channels).find(
        (c) => c.name === channelName && c.team_id === team.id && c.delete_at > 0 && getState().members[c.id],
      );
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
  }, [loadedTeam, channelName, channels, team?.id, inThreads, inDrafts]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape' && !getState().dialog && !getState().profilePopover) setNavOpen(false);
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        openDialog({ kind: 'switcher' });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!team) return null;
  const loading = (
    <p className="empty-center">
      <FormattedMessage id="common.loading" defaultMessage="Loading…" />
    </p>
  );
  return (
    <div className={`app ${navOpen ? 'nav-open' : ''} ${rhs ? 'rhs-open' : ''}`}>
      {navOpen && <div className="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />}
      <TeamSidebar currentTeamId={team.id} />
      <ChannelSidebar
        teamId={team.id}
        teamName={team.name}
        teamDisplayName={team.display_name}
        threadsActive={inThreads}
        draftsActive={inDrafts}
        onCloseNav={navOpen ? () => setNavOpen(false) : undefined}
      />
      <main className="center" key={`center-${nameFormat}`}>
        {!connected && (
          <div className="banner" role="status">
            <FormattedMessage id="main.connecting" defaultMessage="Connecting…" />
          </div>
        )}
        {inThreads && loadedTeam === team.id ? (
          <Suspense fallback={loading}>
            <ThreadsView teamId={team.id} teamName={team.name} threadId={channelName ?? ''} onToggleNav={() => setNavOpen((o) => !o)} />
          </Suspense>
        ) : inDrafts && loadedTeam === team.id ? (
          <Suspense fallback={loading}>
            <DraftsView teamId={team.id} teamName={team.name} onToggleNav={() => setNavOpen((o) => !o)} />
          </Suspense>
        ) : currentChannelId && channels[currentChannelId] ? (
          <ChannelView key={currentChannelId} channelId={currentChannelId} onToggleNav={() => setNavOpen((o) => !o)} />
        ) : (
          <div className="empty-center">
            <button
              className="nav-toggle"
              aria-label={intl.formatMessage({ id: 'channel.toggleNav', defaultMessage: 'Toggle channel list' })}
              onClick={() => setNavOpen((o) => !o)}
            >
              ☰
            </button>
            <p>
              {loadedTeam ? (
                <FormattedMessage id="main.noChannel" defaultMessage="No channel selected." />
              ) : (
                <FormattedMessage id="common.loading" defaultMessage="Loading…" />
              )}
            </p>
          </div>
        )}
      </main>
      {rhs && (
        <Suspense fallback={null}>
          <Rhs key={`rhs-${nameFormat}`} />
        </Suspense>
      )}
      {notice && (
        <div className="toast" role="alert">
          <span>{notice}</span>
          <button
            aria-label={intl.formatMessage({ id: 'main.dismiss', defaultMessage: 'Dismiss message' })}
            onClick={() => setState({ notice: '' })}
          >
            ×
          </button>
        </div>
      )}
      {dialogOpen && (
        <Suspense fallback={null}>
          <Dialogs teamId={team.id} teamName={team.name} />
        </Suspense>
      )}
      <InteractiveDialogHost />
      <ProfilePopoverHost teamName={team.name} />
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
  const intl = useIntl();
  const createTeam = intl.formatMessage({ id: 'teams.create', defaultMessage: 'Create a team' });
  return (
    <nav className="team-sidebar" aria-label={intl.formatMessage({ id: 'teams.sidebar', defaultMessage: 'Teams' })}>
      {teams.map((t) => (
        <button
          key={t.id}
          className={`team-btn ${t.id === currentTeamId ? 'active' : ''}`}
          aria-current={t.id === currentTeamId ? 'page' : undefined}
          title={t.display_name}
          onClick={() => navigate(`/${t.name}`)}
        >
          {/* the name comes from the hidden text, so it contains nothing the initials contradict (label-content-name-mismatch) */}
          <span aria-hidden="true">{initials(t.display_name)}</span>
          <span className="sr-only">
            <FormattedMessage id="team.button" defaultMessage="Team {name}" values={{ name: t.display_name }} />
          </span>
        </button>
      ))}
      <button className="team-btn add" aria-label={createTeam} title={createTeam} onClick={() => navigate('/create_team')}>
        +
      </button>
    </nav>
  );
}

function ChannelSidebar({
  teamId,
  teamName,
  teamDisplayName,
  onCloseNav,
  threadsActive,
  draftsActive,
}: {
  teamId: string;
  teamName: string;
  teamDisplayName: string;
  /** Set while the list is open as a drawer (narrow screens). */
  onCloseNav?: () => void;
  threadsActive: boolean;
  draftsActive: boolean;
}): ReactNode {
  const s = useStore((st) => st);
  const [menu, setMenu] = useState(false);
  const intl = useIntl();
  const menuButton = useRef<HTMLButtonElement>(null);
  const list = useMemo(() => teamChannels(s, teamId), [s.channels, s.members, teamId]); // eslint-disable-line react-hooks/exhaustive-deps
  const byTitle = (a: Channel, b: Channel): number => channelTitle(a, s).localeCompare(channelTitle(b, s));
  const sections: Array<[string, Channel[], () => void, string]> = [
    [
      intl.formatMessage({ id: 'sidebar.publicChannels', defaultMessage: 'Public channels' }),
      list.filter((c) => c.type === 'O').sort(byTitle),
      () => openDialog({ kind: 'createChannel', type: 'O' }),
      intl.formatMessage({ id: 'sidebar.createPublic', defaultMessage: 'Create a public channel' }),
    ],
    [
      intl.formatMessage({ id: 'sidebar.privateChannels', defaultMessage: 'Private channels' }),
      list.filter((c) => c.type === 'P').sort(byTitle),
      () => openDialog({ kind: 'createChannel', type: 'P' }),
      intl.formatMessage({ id: 'sidebar.createPrivate', defaultMessage: 'Create a private channel' }),
    ],
    [
      intl.formatMessage({ id: 'sidebar.directMessages', defaultMessage: 'Direct messages' }),
      list.filter((c) => c.type === 'D' || c.type === 'G').sort((a, b) => b.last_post_at - a.last_post_at),
      () => openDialog({ kind: 'newDm' }),
      intl.formatMessage({ id: 'sidebar.writeDm', defaultMessage: 'Write a direct message' }),
    ],
  ];
  return (
    <aside className="channel-sidebar" aria-label={intl.formatMessage({ id: 'sidebar.channels', defaultMessage: 'Channels' })}>
      <div className="sidebar-header">
        {onCloseNav && (
          <button
            className="icon nav-close"
            aria-label={intl.formatMessage({ id: 'sidebar.closeNav', defaultMessage: 'Close channel list' })}
            onClick={onCloseNav}
          >
            ×
          </button>
        )}
        <button ref={menuButton} className="team-name" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu((m) => !m)}>
          {teamDisplayName} <span aria-hidden="true">▾</span>
          <span className="sr-only">
            {' '}
            <FormattedMessage id="team.menu" defaultMessage="Team menu" />
          </span>
        </button>
        <UserMenu />
        {menu && (
          <div
            className="menu"
            role="menu"
            ref={focusFirstItem}
            onKeyDown={(e) =>
              menuKeyDown(e, () => {
                setMenu(false);
                menuButton.current?.focus();
              })
            }
            onClickCapture={() => {
              setMenu(false);
              // a dialog opened from the menu gives focus back to the menu button: focused before the item's own
              // handler opens it, since the dialog notes who had the focus when it first renders
              menuButton.current?.focus();
            }}
          >
            <button role="menuitem" onClick={() => openDialog({ kind: 'invite' })}>
              <FormattedMessage id="menu.invite" defaultMessage="Invite people" />
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'teamMembers' })}>
              <FormattedMessage id="menu.teamMembers" defaultMessage="Team members" />
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'browse' })}>
              <FormattedMessage id="menu.browseChannels" defaultMessage="Browse channels" />
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'accountSettings' })}>
              <FormattedMessage id="menu.account_settings" defaultMessage="Account settings" />
            </button>
            <button role="menuitem" onClick={() => openDialog({ kind: 'import' })}>
              <FormattedMessage id="menu.importSlack" defaultMessage="Import from Slack" />
            </button>
            <button role="menuitem" onClick={() => navigate(`/${teamName}/integrations`)}>
              <FormattedMessage id="team_menu.integrations" defaultMessage="Integrations" />
            </button>
            <button role="menuitem" onClick={() => navigate('/create_team')}>
              <FormattedMessage id="teams.create" defaultMessage="Create a team" />
            </button>
            {s.me?.roles.split(' ').includes('system_admin') && (
              <button role="menuitem" onClick={() => navigate('/admin_console')}>
                <FormattedMessage id="menu.systemConsole" defaultMessage="System console" />
              </button>
            )}
            <button role="menuitem" onClick={() => openDialog({ kind: 'language' })}>
              <FormattedMessage id="menu.language" defaultMessage="Language" />
            </button>
            <button role="menuitem" onClick={() => void logout()}>
              <FormattedMessage id="menu.logout" defaultMessage="Log out" />
            </button>
          </div>
        )}
      </div>
      <button className="switcher-btn" aria-keyshortcuts="Control+K Meta+K" onClick={() => openDialog({ kind: 'switcher' })}>
        <FormattedMessage id="sidebar.findChannel" defaultMessage="Find channel" /> <kbd>Ctrl K</kbd>
      </button>
      <ThreadsItem teamName={teamName} active={threadsActive} />
      <DraftsItem teamId={teamId} teamName={teamName} active={draftsActive} />
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
              // Mattermost's pencil: a channel left with an unsent draft.
              const draft = !active && !!s.drafts[`${c.id}:`]?.message;
              return (
                <li key={c.id}>
                  <a
                    href={channelPath(teamName, c)}
                    className={`channel-item ${active ? 'active' : ''} ${unread > 0 && !active ? 'unread' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-label={
                      intl.formatMessage(
                        {
                          id: 'sidebar.channelAria',
                          defaultMessage:
                            '{title}{unread, select, yes {, unread} other {}}{mentions, plural, =0 {} one {, # mention} other {, # mentions}}',
                        },
                        { title: channelTitle(c, s), unread: unread && !active ? 'yes' : 'no', mentions: active ? 0 : mentions },
                      ) + (draft ? intl.formatMessage({ id: 'sidebar.hasDraft', defaultMessage: ', has a draft' }) : '')
                    }
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(channelPath(teamName, c));
                    }}
                  >
                    {c.type === 'D' ? (
                      <PresenceDot userId={dmPartnerId(c, s.me?.id ?? '')} />
                    ) : (
                      <span className="prefix">{c.type === 'O' ? '#' : c.type === 'P' ? '🔒' : '●'}</span>
                    )}
                    <span className="title">{channelTitle(c, s)}</span>
                    {c.type === 'D' && <CustomStatusEmoji userId={dmPartnerId(c, s.me?.id ?? '')} />}
                    {draft && (
                      <span
                        className="draft-mark"
                        aria-hidden="true"
                        title={intl.formatMessage({ id: 'sidebar.draftTitle', defaultMessage: 'Draft' })}
                      >
                        ✎
                      </span>
                    )}
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
          {title === sections[0][0] && (
            <button className="link" onClick={() => openDialog({ kind: 'browse' })}>
              <FormattedMessage id="menu.browseChannels" defaultMessage="Browse channels" />
            </button>
          )}
        </section>
      ))}
    </aside>
  );
}

/** The sidebar's "Threads" entry: bold while a followed thread is unread, with the unread mentions as a badge. */
function ThreadsItem({ teamName, active }: { teamName: string; active: boolean }): ReactNode {
  const totals = useStore((s) => s.threadTotals);
  const intl = useIntl();
  const title = intl.formatMessage({ id: 'sidebar.threads', defaultMessage: 'Threads' });
  // unlike a channel, the entry stays bold while open: the list shows which threads are still unread
  const unread = totals.unreadThreads > 0;
  const mentions = totals.unreadMentions;
  return (
    <div className="sidebar-threads">
      <a
        href={`/${teamName}/threads`}
        className={`channel-item ${active ? 'active' : ''} ${unread ? 'unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        aria-label={intl.formatMessage(
          {
            id: 'sidebar.channelAria',
            defaultMessage:
              '{title}{unread, select, yes {, unread} other {}}{mentions, plural, =0 {} one {, # mention} other {, # mentions}}',
          },
          { title, unread: unread ? 'yes' : 'no', mentions },
        )}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/${teamName}/threads`);
        }}
      >
        <span className="prefix" aria-hidden="true">
          💬
        </span>
        <span className="title">{title}</span>
        {mentions > 0 && (
          <span className="badge" aria-hidden="true">
            {mentions}
          </span>
        )}
      </a>
    </div>
  );
}
