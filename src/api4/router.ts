// Mounts the API areas under /api/v4.
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import { systemRoutes } from './system.ts';
import { adminRoutes } from './admin.ts';
import { usersRoutes } from './users.ts';
import { usersAuthRoutes } from './users-auth.ts';
import { teamsRoutes } from './teams.ts';
import { teamsInviteRoutes } from './teams-invite.ts';
import { teamsImportRoutes } from './teams-import.ts';
import { channelsRoutes } from './channels.ts';
import { channelMembersRoutes } from './channel-members.ts';
import { channelPrivacyRoutes } from './channel-privacy.ts';
import { postsRoutes } from './posts.ts';
import { draftsRoutes } from './drafts.ts';
import { preferencesRoutes } from './preferences.ts';
import { filesRoutes } from './files.ts';
import { reactionsRoutes } from './reactions.ts';
import { pinsRoutes } from './pins.ts';
import { opengraphRoutes } from './opengraph.ts';
import { channelLifecycleRoutes } from './channel-lifecycle.ts';
import { searchRoutes } from './search.ts';
import { threadsRoutes } from './threads.ts';
import { postUnreadRoutes } from './post-unread.ts';
import { rolesRoutes } from './roles.ts';
import { statusRoutes } from './status.ts';
import { limitsRoutes } from './limits.ts';
import { pluginsRoutes } from './plugins.ts';
import { emojiRoutes } from './emoji.ts';
import { sidebarRoutes } from './sidebar.ts';
import { unreadsRoutes } from './unreads.ts';
import { userImagesRoutes } from './user-images.ts';
import { webhooksRoutes } from './webhooks.ts';
import { integrationActionsRoutes } from './integration-actions.ts';
import { commandsRoutes } from './commands.ts';
import { usersAccountsRoutes } from './users-accounts.ts';
import { botsRoutes } from './bots.ts';
import { usersTokensRoutes } from './users-tokens.ts';
import { oauthRoutes } from './oauth.ts';
import { notificationsRoutes } from './notifications.ts';
import { memberRolesRoutes } from './member-roles.ts';
import { teamAdminRoutes } from './team-admin.ts';
import { userAdminRoutes } from './user-admin.ts';
import { schemesRoutes } from './schemes.ts';
import { channelStatsRoutes } from './channel-stats.ts';

export const API_AREAS: Array<(f: FastifyInstance, app: App) => void> = [
  systemRoutes,
  adminRoutes,
  usersRoutes,
  teamsRoutes,
  teamsInviteRoutes,
  teamsImportRoutes,
  channelsRoutes,
  channelMembersRoutes,
  channelPrivacyRoutes,
  postsRoutes,
  draftsRoutes,
  preferencesRoutes,
  filesRoutes,
  reactionsRoutes,
  pinsRoutes,
  opengraphRoutes,
  channelLifecycleRoutes,
  searchRoutes,
  threadsRoutes,
  postUnreadRoutes,
  rolesRoutes,
  statusRoutes,
  limitsRoutes,
  pluginsRoutes,
  emojiRoutes,
  sidebarRoutes,
  unreadsRoutes,
  userImagesRoutes,
  usersAuthRoutes,
  webhooksRoutes,
  integrationActionsRoutes,
  commandsRoutes,
  usersAccountsRoutes,
  botsRoutes,
  usersTokensRoutes,
  oauthRoutes,
  notificationsRoutes,
  memberRolesRoutes,
  teamAdminRoutes,
  userAdminRoutes,
  schemesRoutes,
  channelStatsRoutes,
];

export async function apiRoutes(f: FastifyInstance, app: App): Promise<void> {
  for (const area of API_AREAS) area(f, app);
}
