// The OAuth consent page (/oauth/authorize, served by the server when the app is neither trusted nor allowed before):
// the app's name, icon and homepage, Allow (POST /oauth/authorize, then the browser follows the redirect) or Deny.
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { OAuthApp } from '@mattermost/types/integrations';
import { client, errorMessage } from './api.ts';
import { useLocation } from './router.ts';

/** Where the browser goes when the user refuses: the redirect URI with error=access_denied (and the state). */
function deniedUrl(redirectUri: string, state: string): string {
  try {
    const u = new URL(redirectUri);
    u.searchParams.set('error', 'access_denied');
    if (state) u.searchParams.set('state', state);
    return u.toString();
  } catch {
    return '/';
  }
}

export function OAuthAuthorize(): ReactNode {
  const intl = useIntl();
  const { search } = useLocation();
  const clientId = search.get('client_id') ?? '';
  const redirectUri = search.get('redirect_uri') ?? '';
  const state = search.get('state') ?? '';
  const [app, setApp] = useState<OAuthApp | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .getOAuthAppInfo(clientId)
      .then(setApp)
      .catch((err) => setError(errorMessage(err)));
  }, [clientId]);

  async function allow(): Promise<void> {
    setBusy(true);
    setError('');
    try {
      const rsp = (await client.authorizeOAuthApp(
        search.get('response_type') ?? 'code',
        clientId,
        redirectUri,
        state,
        search.get('scope') ?? '',
        search.get('resource') ?? undefined,
        search.get('code_challenge') ?? undefined,
        search.get('code_challenge_method') ?? undefined,
      )) as unknown as { redirect: string };
      window.location.assign(rsp.redirect);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="auth">
      <div
        className="auth-card"
        role="dialog"
        aria-label={intl.formatMessage({ id: 'oauth.authorize.title', defaultMessage: 'Authorize app' })}
      >
        {app ? (
          <>
            {app.icon_url && <img className="oauth-icon" src={app.icon_url} alt="" width={64} height={64} />}
            <h1>
              <FormattedMessage
                id="oauth.authorize.question"
                defaultMessage="Allow {name} access to your account?"
                values={{ name: <strong>{app.name}</strong> }}
              />
            </h1>
            {app.description && <p>{app.description}</p>}
            {app.homepage && (
              <p>
                <FormattedMessage id="oauth.authorize.homepage" defaultMessage="Homepage:" />{' '}
                <a href={app.homepage} target="_blank" rel="noopener noreferrer">
                  {app.homepage}
                </a>
              </p>
            )}
            <p>
              <FormattedMessage
                id="oauth.authorize.scope"
                defaultMessage="The app will be able to access and modify your basic information."
              />
            </p>
          </>
        ) : (
          !error && <p>{intl.formatMessage({ id: 'oauth.authorize.loading', defaultMessage: 'Loading…' })}</p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" disabled={busy} onClick={() => window.location.assign(deniedUrl(redirectUri, state))}>
            <FormattedMessage id="oauth.authorize.deny" defaultMessage="Deny" />
          </button>
          <button type="button" disabled={busy || !app} onClick={() => void allow()}>
            <FormattedMessage id="oauth.authorize.allow" defaultMessage="Allow" />
          </button>
        </div>
      </div>
    </div>
  );
}
