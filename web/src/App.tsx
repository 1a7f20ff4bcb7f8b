// Top-level routing: session check, sign-in / sign-up / invite pages, team creation, then the main view.
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorMessage } from './api.ts';
import { enterApp, loadMe, login, logout, refreshTeams } from './actions.ts';
import { getState, setState, useStore } from './store.ts';
import { navigate, useLocation } from './router.ts';
import { MainView } from './MainView.tsx';
import { OAuthAuthorize } from './OAuthAuthorize.tsx';

// The system console is loaded on demand, so it costs nothing on the first view.
const Integrations = lazy(() => import('./integrations/Integrations.tsx').then((m) => ({ default: m.Integrations })));
const AdminConsole = lazy(() => import('./AdminConsole.tsx').then((m) => ({ default: m.AdminConsole })));

/** What an invitation link carries: `id` (the team's shareable invite id) or `t` (a single-use e-mail token). */
export type Invite = { inviteId: string; token: string; teamName: string; email: string };

/** The `d` parameter of an e-mail invitation link: JSON with the team's display name and the invited address. */
function inviteData(d: string | null): { teamName: string; email: string } {
  try {
    const v = JSON.parse(d ?? '') as { display_name?: unknown; email?: unknown };
    return { teamName: typeof v.display_name === 'string' ? v.display_name : '', email: typeof v.email === 'string' ? v.email : '' };
  } catch {
    return { teamName: '', email: '' };
  }
}

export function App(): ReactNode {
  const [checked, setChecked] = useState(false);
  const me = useStore((s) => s.me);
  const { path, search } = useLocation();

  useEffect(() => {
    void loadMe().then(() => setChecked(true));
  }, []);

  if (!checked) return <div className="splash">Loading…</div>;
  const invite: Invite = { inviteId: search.get('id') ?? '', token: search.get('t') ?? '', ...inviteData(search.get('d')) };
  const invited = !!(invite.inviteId || invite.token);
  if (path.startsWith('/signup_user_complete') || path === '/signup') {
    if (me && !invited) return <Redirect to="/" />;
    return me ? <JoinTeam invite={invite} /> : <AuthPage mode="signup" invite={invite} />;
  }
  if (!me || path === '/login') {
    if (me) return <Redirect to="/" />;
    return <AuthPage mode="login" invite={invite} />;
  }
  if (path === '/oauth/authorize') return <OAuthAuthorize />;
  if (/^\/[^/]+\/integrations\/?$/.test(path))
    return (
      <Suspense fallback={<div className="splash">Loading…</div>}>
        <Integrations />
      </Suspense>
    );
  if (path === '/create_team') return <CreateTeam />;
  if (path.startsWith('/admin_console'))
    return (
      <Suspense fallback={<div className="splash">Loading…</div>}>
        <AdminConsole />
      </Suspense>
    );
  return <MainView />;
}

function Redirect({ to }: { to: string }): ReactNode {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

/**
 * Joins the invited team when there is an invite id, then picks where to go: the invited team, else the first team,
 * else team creation. Returns the path and the user's teams.
 */
async function afterSignIn({ inviteId, token }: Invite, teams: Team[], joinedByToken = false): Promise<{ path: string; teams: Team[] }> {
  if (token) {
    // A token is single use: sign-up with it has already joined the team; otherwise join now.
    const before = new Set(teams.map((t) => t.id));
    let teamId = '';
    if (!joinedByToken) teamId = (await client.addToTeamFromInvite(token, '')).team_id;
    teams = await client.getMyTeams();
    const team = teams.find((t) => t.id === teamId) ?? teams.find((t) => !before.has(t.id)) ?? teams[0];
    return { path: team ? `/${team.name}` : '/create_team', teams };
  }
  if (inviteId) {
    let joinError: unknown;
    try {
      await client.addToTeamFromInvite('', inviteId);
    } catch (err) {
      joinError = err; // sign-up with the invite id may already have added the user
    }
    teams = await client.getMyTeams();
    const info = await client.getTeamInviteInfo(inviteId).catch(() => undefined);
    const team = info && teams.find((t) => t.id === info.id);
    if (team) return { path: `/${team.name}`, teams };
    if (joinError) throw joinError;
  }
  return {
    path: teams.length ? `/${[...teams].sort((a, b) => a.display_name.localeCompare(b.display_name))[0].name}` : '/create_team',
    teams,
  };
}

function AuthPage({ mode, invite }: { mode: 'login' | 'signup'; invite: Invite }): ReactNode {
  const { inviteId, token } = invite;
  const [email, setEmail] = useState(invite.email);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [teamName, setTeamName] = useState(invite.teamName);

  useEffect(() => {
    if (!inviteId) return;
    client
      .getTeamInviteInfo(inviteId)
      .then((t) => setTeamName(t.display_name))
      .catch((err) => setError(errorMessage(err)));
  }, [inviteId]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (mode === 'signup') await client.createUser({ email, username, password } as never, token, token ? '' : inviteId);
      const { me, teams } = await login(username, password);
      const dest = await afterSignIn(invite, mode === 'signup' ? [] : teams, mode === 'signup' && !!token);
      // A server page sent the browser here to log in first (/oauth/authorize): back there, in a full load.
      const back = new URLSearchParams(window.location.search).get('redirect_to');
      if (back && back.startsWith('/') && !back.startsWith('//')) return window.location.assign(back);
      enterApp(me, dest.teams);
      navigate(dest.path, true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const q = token ? `?t=${encodeURIComponent(token)}` : inviteId ? `?id=${encodeURIComponent(inviteId)}` : '';
  return (
    <div className="auth">
      <form className="auth-card" onSubmit={submit} aria-label={mode === 'signup' ? 'Sign up' : 'Log in'}>
        <h1>Parley</h1>
        {teamName && !token && (
          <p className="invite-note">
            You've been invited to join <strong>{teamName}</strong>.
          </p>
        )}
        {token && <p className="invite-note">You've been invited by e-mail to join {teamName ? <strong>{teamName}</strong> : 'a team'}.</p>}
        <h2>{mode === 'signup' ? 'Create your account' : 'Log in'}</h2>
        {mode === 'signup' && (
          <label>
            Email
            <input type="email" aria-label="Email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
          </label>
        )}
        <label>
          {mode === 'signup' ? 'Username' : 'Email or username'}
          <input
            aria-label={mode === 'signup' ? 'Username' : 'Email or username'}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoComplete="username"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            aria-label="Password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'signup' ? 'Create account' : 'Log in'}
        </button>
        {mode === 'signup' ? (
          <p>
            Already have an account?{' '}
            <a href={`/login${q}`} onClick={(e) => (e.preventDefault(), navigate(`/login${q}`))}>
              Log in
            </a>
          </p>
        ) : (
          <p>
            No account?{' '}
            <a href={`/signup_user_complete/${q}`} onClick={(e) => (e.preventDefault(), navigate(`/signup_user_complete/${q}`))}>
              Sign up
            </a>
          </p>
        )}
      </form>
    </div>
  );
}

/** A signed-in user opening an invite link. */
function JoinTeam({ invite }: { invite: Invite }): ReactNode {
  const { inviteId } = invite;
  const [team, setTeam] = useState<{ display_name: string } | null>(
    invite.token ? { display_name: invite.teamName || 'the team you were invited to' } : null,
  );
  const [error, setError] = useState('');
  useEffect(() => {
    if (inviteId) client.getTeamInviteInfo(inviteId).then(setTeam, (err) => setError(errorMessage(err)));
  }, [inviteId]);
  async function join(): Promise<void> {
    try {
      const dest = await afterSignIn(invite, getState().teams);
      setState({ teams: dest.teams });
      navigate(dest.path, true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="auth">
      <div className="auth-card">
        <h1>Parley</h1>
        {team && (
          <p>
            Join <strong>{team.display_name}</strong>?
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button onClick={join} disabled={!team}>
          Join team
        </button>
        <button className="secondary" onClick={() => navigate('/')}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function teamNameFrom(display: string): string {
  const base = display
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.length >= 2 ? base.slice(0, 60) : `team-${Math.random().toString(36).slice(2, 8)}`;
}

function CreateTeam(): ReactNode {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const hasTeams = useStore((s) => s.teams.length > 0);
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    try {
      const team = await client.createTeam({ display_name: name, name: teamNameFrom(name), type: 'O' } as Team);
      await refreshTeams();
      navigate(`/${team.name}`, true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="auth">
      <form className="auth-card" onSubmit={submit} aria-label="Create a team">
        <h1>Parley</h1>
        <h2>Create a team</h2>
        <label>
          Team name
          <input aria-label="Team name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Create team</button>
        {hasTeams ? (
          <button type="button" className="secondary" onClick={() => navigate('/')}>
            Back
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => void logout()}>
            Log out
          </button>
        )}
      </form>
    </div>
  );
}
