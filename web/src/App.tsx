// Top-level routing: session check, sign-in / sign-up / invite pages, team creation, then the main view.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorMessage } from './api.ts';
import { loadMe, login, logout, refreshTeams } from './actions.ts';
import { getState, useStore } from './store.ts';
import { navigate, useLocation } from './router.ts';
import { MainView } from './MainView.tsx';

export function App(): ReactNode {
  const [checked, setChecked] = useState(false);
  const me = useStore((s) => s.me);
  const { path, search } = useLocation();

  useEffect(() => {
    void loadMe().then(() => setChecked(true));
  }, []);

  if (!checked) return <div className="splash">Loading…</div>;
  const inviteId = search.get('id') ?? '';
  if (path.startsWith('/signup_user_complete') || path === '/signup') {
    return me ? <JoinTeam inviteId={inviteId} /> : <AuthPage mode="signup" inviteId={inviteId} />;
  }
  if (!me || path === '/login') {
    if (me) {
      navigate('/', true);
      return null;
    }
    return <AuthPage mode="login" inviteId={inviteId} />;
  }
  if (path === '/create_team') return <CreateTeam />;
  return <MainView />;
}

/** Where to go once signed in: the invited team, else the first team, else team creation. */
async function afterSignIn(inviteId: string): Promise<string | undefined> {
  if (inviteId) {
    try {
      const member = await client.addToTeamFromInvite('', inviteId);
      await refreshTeams();
      const team = getState().teams.find((t) => t.id === member.team_id);
      return team ? `/${team.name}` : '/';
    } catch (err) {
      // Sign-up with an invite id may already have added the user; anything else is the server's refusal.
      await refreshTeams();
      const info = await client.getTeamInviteInfo(inviteId).catch(() => undefined);
      const team = info && getState().teams.find((t) => t.id === info.id);
      if (team) return `/${team.name}`;
      throw err;
    }
  }
  const teams = getState().teams;
  return teams.length ? `/${teams[0].name}` : '/create_team';
}

function AuthPage({ mode, inviteId }: { mode: 'login' | 'signup'; inviteId: string }): ReactNode {
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [teamName, setTeamName] = useState('');

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
      if (mode === 'signup') {
        await client.createUser({ email, username, password } as never, '', inviteId);
        await login(username, password);
      } else {
        await login(username, password);
      }
      const dest = await afterSignIn(inviteId);
      navigate(dest ?? '/', true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const q = inviteId ? `?id=${encodeURIComponent(inviteId)}` : '';
  return (
    <div className="auth">
      <form className="auth-card" onSubmit={submit} aria-label={mode === 'signup' ? 'Sign up' : 'Log in'}>
        <h1>Parley</h1>
        {teamName && <p className="invite-note">You've been invited to join <strong>{teamName}</strong>.</p>}
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
function JoinTeam({ inviteId }: { inviteId: string }): ReactNode {
  const [team, setTeam] = useState<{ display_name: string } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    client.getTeamInviteInfo(inviteId).then(setTeam, (err) => setError(errorMessage(err)));
  }, [inviteId]);
  async function join(): Promise<void> {
    try {
      navigate((await afterSignIn(inviteId)) ?? '/', true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="auth">
      <div className="auth-card">
        <h1>Parley</h1>
        {team && <p>Join <strong>{team.display_name}</strong>?</p>}
        {error && <p className="error" role="alert">{error}</p>}
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
        {error && <p className="error" role="alert">{error}</p>}
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
