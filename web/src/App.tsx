// Top-level routing: session check, sign-in / sign-up / invite pages, team creation, then the main view.
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Team } from '@mattermost/types/teams';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, clientConfig, errorMessage } from './api.ts';
import { enterApp, loadMe, login, logout, refreshTeams } from './actions.ts';
import { getState, setState, useStore } from './store.ts';
import { navigate, useLocation } from './router.ts';
import { MainView } from './MainView.tsx';
import { LanguageTab } from './settings/LanguageTab.tsx';

// The system console and the pages a signed-in user rarely sees are loaded on demand: they cost nothing on the first view.
const ForgotPassword = lazy(() => import('./PasswordReset.tsx').then((m) => ({ default: m.ForgotPassword })));
const ResetPasswordComplete = lazy(() => import('./PasswordReset.tsx').then((m) => ({ default: m.ResetPasswordComplete })));
const VerifyEmail = lazy(() => import('./PasswordReset.tsx').then((m) => ({ default: m.VerifyEmail })));
const MfaCodeInput = lazy(() => import('./settings/MfaSetup.tsx').then((m) => ({ default: m.MfaCodeInput })));
const MfaSetupPage = lazy(() => import('./settings/MfaSetup.tsx').then((m) => ({ default: m.MfaSetupPage })));
const OAuthAuthorize = lazy(() => import('./OAuthAuthorize.tsx').then((m) => ({ default: m.OAuthAuthorize })));
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
  return (
    <Suspense fallback={<Splash />}>
      <Routes />
    </Suspense>
  );
}

function Splash(): ReactNode {
  return (
    <div className="splash">
      <FormattedMessage id="common.loading" defaultMessage="Loading…" />
    </div>
  );
}

function Routes(): ReactNode {
  const [checked, setChecked] = useState(false);
  const me = useStore((s) => s.me);
  const mfaRequired = useStore((s) => s.mfaRequired);
  const { path, search } = useLocation();

  useEffect(() => {
    void loadMe().then(() => setChecked(true));
  }, []);

  if (!checked) return <Splash />;
  const invite: Invite = { inviteId: search.get('id') ?? '', token: search.get('t') ?? '', ...inviteData(search.get('d')) };
  const invited = !!(invite.inviteId || invite.token);
  if (path === '/reset_password') return <ForgotPassword />;
  if (path === '/reset_password_complete') return <ResetPasswordComplete token={search.get('token') ?? ''} />;
  if (path === '/do_verify_email') return <VerifyEmail token={search.get('token') ?? ''} />;
  if (path.startsWith('/signup_user_complete') || path === '/signup') {
    if (me && !invited) return <Redirect to="/" />;
    return me ? <JoinTeam invite={invite} /> : <AuthPage mode="signup" invite={invite} />;
  }
  if (!me || path === '/login') {
    if (me) return <Redirect to="/" />;
    return <AuthPage mode="login" invite={invite} />;
  }
  if (mfaRequired || path === '/mfa/setup') return <MfaSetupPage user={me} required={mfaRequired} />;
  if (path === '/oauth/authorize') return <OAuthAuthorize />;
  if (/^\/[^/]+\/integrations\/?$/.test(path))
    return (
      <Suspense fallback={<Splash />}>
        <Integrations />
      </Suspense>
    );
  if (path === '/create_team') return <CreateTeam />;
  if (path.startsWith('/admin_console'))
    return (
      <Suspense fallback={<Splash />}>
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
  const [mfaNeeded, setMfaNeeded] = useState(false);
  const [mfaToken, setMfaToken] = useState('');
  const [forgotLink, setForgotLink] = useState(false);

  useEffect(() => {
    if (mode !== 'login') return;
    void clientConfig().then((c) => setForgotLink(c.PasswordEnableForgotLink === 'true'));
  }, [mode]);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });

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
      const { me, teams } = await login(username, password, mfaToken);
      const dest = await afterSignIn(invite, mode === 'signup' ? [] : teams, mode === 'signup' && !!token);
      // A server page sent the browser here to log in first (/oauth/authorize): back there, in a full load.
      const back = new URLSearchParams(window.location.search).get('redirect_to');
      if (back && back.startsWith('/') && !back.startsWith('//')) return window.location.assign(back);
      enterApp(me, dest.teams);
      navigate(dest.path, true);
    } catch (err) {
      // Mattermost's cue that the account has MFA: ask for the code and send the login again with it.
      if ((err as { server_error_id?: string }).server_error_id === 'mfa.validate_token.authenticate.app_error' && !mfaNeeded) {
        setMfaNeeded(true);
        return;
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const q = token ? `?t=${encodeURIComponent(token)}` : inviteId ? `?id=${encodeURIComponent(inviteId)}` : '';
  return (
    <div className="auth">
      <form
        className="auth-card"
        onSubmit={submit}
        aria-label={mode === 'signup' ? t('auth.signup', 'Sign up') : t('auth.login', 'Log in')}
      >
        <h1>Parley</h1>
        {teamName && !token && (
          <p className="invite-note">
            <FormattedMessage
              id="auth.invited"
              defaultMessage="You've been invited to join <b>{team}</b>."
              values={{ team: teamName, b: (chunks) => <strong>{chunks}</strong> }}
            />
          </p>
        )}
        {token && (
          <p className="invite-note">
            {teamName ? (
              <FormattedMessage
                id="auth.invitedByEmail"
                defaultMessage="You've been invited by e-mail to join <b>{team}</b>."
                values={{ team: teamName, b: (chunks) => <strong>{chunks}</strong> }}
              />
            ) : (
              <FormattedMessage id="auth.invitedByEmailNoTeam" defaultMessage="You've been invited by e-mail to join a team." />
            )}
          </p>
        )}
        <h2>{mode === 'signup' ? t('auth.createAccountTitle', 'Create your account') : t('auth.login', 'Log in')}</h2>
        {mode === 'signup' && (
          <label>
            {t('auth.email', 'Email')}
            <input
              type="email"
              aria-label={t('auth.email', 'Email')}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoComplete="email"
            />
          </label>
        )}
        <label>
          {mode === 'signup' ? t('auth.username', 'Username') : t('auth.loginId', 'Email or username')}
          <input
            aria-label={mode === 'signup' ? t('auth.username', 'Username') : t('auth.loginId', 'Email or username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoComplete="username"
          />
        </label>
        <label>
          {t('auth.password', 'Password')}
          <input
            type="password"
            aria-label={t('auth.password', 'Password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
          />
        </label>
        {mfaNeeded && (
          <Suspense fallback={null}>
            <MfaCodeInput
              value={mfaToken}
              onChange={setMfaToken}
              hint={
                <FormattedMessage
                  id="login_mfa.enterToken"
                  defaultMessage="To complete the sign in process, please enter the code from your mobile device's authenticator app."
                />
              }
            />
          </Suspense>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'signup' ? t('auth.createAccount', 'Create account') : t('auth.login', 'Log in')}
        </button>
        {mode === 'login' && forgotLink && (
          <p>
            <a href="/reset_password" onClick={(e) => (e.preventDefault(), navigate('/reset_password'))}>
              <FormattedMessage id="login.forgot" defaultMessage="Forgot your password?" />
            </a>
          </p>
        )}
        {mode === 'signup' ? (
          <p>
            <FormattedMessage id="auth.haveAccount" defaultMessage="Already have an account?" />{' '}
            <a href={`/login${q}`} onClick={(e) => (e.preventDefault(), navigate(`/login${q}`))}>
              <FormattedMessage id="auth.login" defaultMessage="Log in" />
            </a>
          </p>
        ) : (
          <p>
            <FormattedMessage id="auth.noAccount" defaultMessage="No account?" />{' '}
            <a href={`/signup_user_complete/${q}`} onClick={(e) => (e.preventDefault(), navigate(`/signup_user_complete/${q}`))}>
              <FormattedMessage id="auth.signup" defaultMessage="Sign up" />
            </a>
          </p>
        )}
        <LanguageTab />
      </form>
    </div>
  );
}

/** A signed-in user opening an invite link. */
function JoinTeam({ invite }: { invite: Invite }): ReactNode {
  const { inviteId } = invite;
  const intl = useIntl();
  const [team, setTeam] = useState<{ display_name: string } | null>(
    invite.token
      ? { display_name: invite.teamName || intl.formatMessage({ id: 'join.unknownTeam', defaultMessage: 'the team you were invited to' }) }
      : null,
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
            <FormattedMessage
              id="join.question"
              defaultMessage="Join <b>{team}</b>?"
              values={{ team: team.display_name, b: (chunks) => <strong>{chunks}</strong> }}
            />
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button onClick={join} disabled={!team}>
          <FormattedMessage id="join.button" defaultMessage="Join team" />
        </button>
        <button className="secondary" onClick={() => navigate('/')}>
          <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
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
  const intl = useIntl();
  const teamNameLabel = intl.formatMessage({ id: 'createTeam.name', defaultMessage: 'Team name' });
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
      <form
        className="auth-card"
        onSubmit={submit}
        aria-label={intl.formatMessage({ id: 'teams.create', defaultMessage: 'Create a team' })}
      >
        <h1>Parley</h1>
        <h2>
          <FormattedMessage id="teams.create" defaultMessage="Create a team" />
        </h2>
        <label>
          {teamNameLabel}
          <input aria-label={teamNameLabel} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">
          <FormattedMessage id="createTeam.submit" defaultMessage="Create team" />
        </button>
        {hasTeams ? (
          <button type="button" className="secondary" onClick={() => navigate('/')}>
            <FormattedMessage id="common.back" defaultMessage="Back" />
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => void logout()}>
            <FormattedMessage id="menu.logout" defaultMessage="Log out" />
          </button>
        )}
      </form>
    </div>
  );
}
