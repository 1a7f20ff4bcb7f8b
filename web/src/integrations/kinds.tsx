// The kinds of integration the Integrations screen manages, each through Mattermost's Client4 methods: bots,
// personal access tokens, OAuth apps, incoming and outgoing webhooks, slash commands.
import { defineMessages, FormattedMessage } from 'react-intl';
import type { Bot } from '@mattermost/types/bots';
import type { Command, IncomingWebhook, OAuthApp, OutgoingWebhook } from '@mattermost/types/integrations';
import type { UserAccessToken } from '@mattermost/types/users';
import { client } from '../api.ts';
import type { IntegrationKind } from './IntegrationSection.tsx';

const m = defineMessages({
  bots: { id: 'integrations.bots.title', defaultMessage: 'Bot accounts' },
  botUsername: { id: 'integrations.bots.username', defaultMessage: 'Bot username' },
  botDisplayName: { id: 'integrations.bots.display_name', defaultMessage: 'Bot display name' },
  botDescription: { id: 'integrations.bots.description', defaultMessage: 'Bot description' },
  botToken: { id: 'integrations.bots.create_token', defaultMessage: 'Create token' },
  botDisabled: { id: 'integrations.bots.disabled', defaultMessage: '(disabled)' },
  botDisable: { id: 'integrations.bots.disable', defaultMessage: 'Disable' },
  botEnable: { id: 'integrations.bots.enable', defaultMessage: 'Enable' },
  tokens: { id: 'integrations.tokens.title', defaultMessage: 'Personal access tokens' },
  tokenDescription: { id: 'integrations.tokens.description', defaultMessage: 'Token description' },
  tokenSecret: { id: 'integrations.tokens.secret', defaultMessage: 'Access token:' },
  apps: { id: 'integrations.oauth.title', defaultMessage: 'OAuth 2.0 applications' },
  appName: { id: 'integrations.oauth.name', defaultMessage: 'App name' },
  appHomepage: { id: 'integrations.oauth.homepage', defaultMessage: 'Homepage URL' },
  appCallback: { id: 'integrations.oauth.callback', defaultMessage: 'Callback URL' },
  appDescription: { id: 'integrations.oauth.description', defaultMessage: 'App description' },
  appSecret: { id: 'integrations.oauth.secret', defaultMessage: 'Client secret:' },
  incoming: { id: 'integrations.incoming.title', defaultMessage: 'Incoming webhooks' },
  hookChannel: { id: 'integrations.incoming.channel', defaultMessage: 'Channel name (URL name)' },
  hookName: { id: 'integrations.hooks.display_name', defaultMessage: 'Webhook title' },
  hookUrl: { id: 'integrations.incoming.url', defaultMessage: 'Webhook URL:' },
  outgoing: { id: 'integrations.outgoing.title', defaultMessage: 'Outgoing webhooks' },
  triggerWords: { id: 'integrations.outgoing.trigger_words', defaultMessage: 'Trigger words (comma-separated)' },
  callbackUrls: { id: 'integrations.outgoing.callback_url', defaultMessage: 'Callback URL' },
  outgoingToken: { id: 'integrations.outgoing.token', defaultMessage: 'Token:' },
  commands: { id: 'integrations.commands.title', defaultMessage: 'Slash commands' },
  commandTrigger: { id: 'integrations.commands.trigger', defaultMessage: 'Trigger word (without /)' },
  commandUrl: { id: 'integrations.commands.url', defaultMessage: 'Request URL' },
  commandToken: { id: 'integrations.commands.token', defaultMessage: 'Token:' },
});

const PAGE = 200;

export function botsKind(): IntegrationKind<Bot> {
  return {
    id: 'bots',
    title: m.bots,
    fields: [
      { name: 'username', label: m.botUsername, required: true, maxLength: 64 },
      { name: 'display_name', label: m.botDisplayName, maxLength: 64 },
      { name: 'description', label: m.botDescription, maxLength: 1024 },
    ],
    load: () => client.getBotsIncludeDeleted(0, PAGE),
    async create(v) {
      await client.createBot({ username: v.username ?? '', display_name: v.display_name ?? '', description: v.description ?? '' } as Bot);
      return {};
    },
    remove: (b) => (b.delete_at ? client.enableBot(b.user_id) : client.disableBot(b.user_id)),
    removeLabel: (b) => (b.delete_at ? m.botEnable : m.botDisable),
    rowKey: (b) => b.user_id,
    rowText: (b) => (
      <>
        <strong>@{b.username}</strong> {b.display_name}{' '}
        {b.delete_at ? (
          <span className="muted">
            <FormattedMessage {...m.botDisabled} />
          </span>
        ) : null}
      </>
    ),
    rowAction: {
      label: m.botToken,
      async run(b) {
        const t = await client.createUserAccessToken(b.user_id, `token for ${b.username}`);
        return { secret: { label: m.tokenSecret, value: t.token ?? '' } };
      },
    },
  };
}

export function tokensKind(userId: string): IntegrationKind<UserAccessToken> {
  return {
    id: 'tokens',
    title: m.tokens,
    fields: [{ name: 'description', label: m.tokenDescription, required: true, maxLength: 255 }],
    load: () => client.getUserAccessTokensForUser(userId, 0, PAGE),
    async create(v) {
      const t = await client.createUserAccessToken(userId, v.description ?? '');
      return { secret: { label: m.tokenSecret, value: t.token ?? '' } };
    },
    remove: (t) => client.revokeUserAccessToken(t.id),
    rowKey: (t) => t.id,
    rowText: (t) => (
      <>
        {t.description} <code className="muted">{t.id}</code>
      </>
    ),
  };
}

export function oauthAppsKind(): IntegrationKind<OAuthApp> {
  return {
    id: 'oauth',
    title: m.apps,
    fields: [
      { name: 'name', label: m.appName, required: true, maxLength: 64 },
      { name: 'homepage', label: m.appHomepage, required: true, maxLength: 256 },
      { name: 'callback', label: m.appCallback, required: true, maxLength: 1024 },
      { name: 'description', label: m.appDescription, maxLength: 512 },
    ],
    load: () => client.getOAuthApps(0, PAGE),
    async create(v) {
      const app = await client.createOAuthApp({
        name: v.name ?? '',
        homepage: v.homepage ?? '',
        callback_urls: [v.callback ?? ''],
        description: v.description ?? '',
      } as OAuthApp);
      return { secret: { label: m.appSecret, value: `${app.id} / ${app.client_secret}` } };
    },
    remove: (a) => client.deleteOAuthApp(a.id),
    rowKey: (a) => a.id,
    rowText: (a) => (
      <>
        <strong>{a.name}</strong> <code className="muted">{a.id}</code>
      </>
    ),
  };
}

export function incomingKind(teamId: string): IntegrationKind<IncomingWebhook> {
  return {
    id: 'incoming',
    title: m.incoming,
    fields: [
      { name: 'channel', label: m.hookChannel, required: true, maxLength: 64 },
      { name: 'display_name', label: m.hookName, maxLength: 64 },
    ],
    load: () => client.getIncomingWebhooks(teamId, 0, PAGE) as Promise<IncomingWebhook[]>,
    async create(v) {
      const ch = await client.getChannelByName(teamId, v.channel ?? '');
      const hook = await client.createIncomingWebhook({ channel_id: ch.id, display_name: v.display_name ?? '' } as IncomingWebhook);
      return { secret: { label: m.hookUrl, value: `${window.location.origin}/hooks/${hook.id}` } };
    },
    remove: (h) => client.removeIncomingWebhook(h.id),
    rowKey: (h) => h.id,
    rowText: (h) => <>{h.display_name || h.id}</>,
  };
}

export function outgoingKind(teamId: string): IntegrationKind<OutgoingWebhook> {
  return {
    id: 'outgoing',
    title: m.outgoing,
    fields: [
      { name: 'display_name', label: m.hookName, maxLength: 64 },
      { name: 'trigger_words', label: m.triggerWords, required: true, maxLength: 1024 },
      { name: 'callback_url', label: m.callbackUrls, required: true, maxLength: 1024 },
    ],
    load: () => client.getOutgoingWebhooks('', teamId, 0, PAGE),
    async create(v) {
      const hook = await client.createOutgoingWebhook({
        team_id: teamId,
        display_name: v.display_name ?? '',
        trigger_words: (v.trigger_words ?? '')
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean),
        callback_urls: [v.callback_url ?? ''],
        content_type: 'application/json',
      } as OutgoingWebhook);
      return { secret: { label: m.outgoingToken, value: hook.token } };
    },
    remove: (h) => client.removeOutgoingWebhook(h.id),
    rowKey: (h) => h.id,
    rowText: (h) => (
      <>
        {h.display_name || h.id} <span className="muted">{h.trigger_words.join(', ')}</span>
      </>
    ),
  };
}

export function commandsKind(teamId: string): IntegrationKind<Command> {
  return {
    id: 'commands',
    title: m.commands,
    fields: [
      { name: 'trigger', label: m.commandTrigger, required: true, maxLength: 128 },
      { name: 'url', label: m.commandUrl, required: true, maxLength: 1024 },
    ],
    load: () => client.getCustomTeamCommands(teamId),
    async create(v) {
      const cmd = await client.addCommand({ team_id: teamId, trigger: v.trigger ?? '', url: v.url ?? '', method: 'P' } as Command);
      return { secret: { label: m.commandToken, value: cmd.token } };
    },
    remove: (c) => client.deleteCommand(c.id),
    rowKey: (c) => c.id,
    rowText: (c) => <>/{c.trigger}</>,
  };
}
