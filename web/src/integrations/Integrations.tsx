// The Integrations screen (/<team>/integrations, from the team menu): bots, personal access tokens, OAuth apps,
// webhooks and slash commands of the team, each in its own card; what the server has switched off says so there.
import { useMemo, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useStore } from '../store.ts';
import { navigate, useLocation } from '../router.ts';
import { IntegrationSection } from './IntegrationSection.tsx';
import { botsKind, commandsKind, incomingKind, oauthAppsKind, outgoingKind, tokensKind } from './kinds.tsx';

export function Integrations(): ReactNode {
  const { path } = useLocation();
  const teamName = decodeURIComponent(path.split('/').filter(Boolean)[0] ?? '');
  const team = useStore((s) => s.teams.find((t) => t.name === teamName));
  const me = useStore((s) => s.me);
  const kinds = useMemo(
    () =>
      team && me
        ? {
            bots: botsKind(),
            tokens: tokensKind(me.id),
            oauth: oauthAppsKind(),
            incoming: incomingKind(team.id),
            outgoing: outgoingKind(team.id),
            commands: commandsKind(team.id),
          }
        : null,
    [team?.id, me?.id], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <div className="admin">
      <header className="admin-header">
        <h1>
          <FormattedMessage id="integrations.title" defaultMessage="Integrations" />
        </h1>
        <button className="secondary" onClick={() => navigate(team ? `/${team.name}` : '/')}>
          <FormattedMessage id="integrations.back" defaultMessage="Back to the team" />
        </button>
      </header>
      {kinds ? (
        <div className="admin-body">
          <IntegrationSection kind={kinds.bots} />
          <IntegrationSection kind={kinds.tokens} />
          <IntegrationSection kind={kinds.oauth} />
          <IntegrationSection kind={kinds.incoming} />
          <IntegrationSection kind={kinds.outgoing} />
          <IntegrationSection kind={kinds.commands} />
        </div>
      ) : (
        <p className="muted">
          <FormattedMessage id="integrations.no_team" defaultMessage="No such team." />
        </p>
      )}
    </div>
  );
}
