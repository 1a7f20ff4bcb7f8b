// Mattermost's permission ids, the built-in roles a fresh server has, and a precomputed checker over them.
import { createHash } from 'node:crypto';
import { base32 } from './id.ts';

/*
 * Permission ids grouped as Mattermost's AllPermissions is built (server/public/model/permission.go), in its order:
 * system-scoped (minus system console), team, channel, system-console read, system-console write, group, playbook, run.
 * system_admin holds exactly this list.
 */
export const SYSTEM_SCOPED_PERMISSIONS = [
  'assign_system_admin_role',
  'manage_roles',
  'manage_system',
  'create_direct_channel',
  'create_group_channel',
  'list_public_teams',
  'join_public_teams',
  'list_private_teams',
  'join_private_teams',
  'edit_other_users',
  'read_other_users_teams',
  'get_public_link',
  'manage_system_wide_oauth',
  'manage_oauth',
  'create_team',
  'list_users_without_team',
  'create_user_access_token',
  'read_user_access_token',
  'revoke_user_access_token',
  'create_bot',
  'assign_bot',
  'read_bots',
  'read_others_bots',
  'manage_bots',
  'manage_others_bots',
  'read_jobs',
  'manage_jobs',
  'promote_guest',
  'demote_to_guest',
  'edit_brand',
  'manage_shared_channels',
  'manage_secure_connections',
  'download_compliance_export_result',
  'create_data_retention_job',
  'manage_data_retention_job',
  'read_data_retention_job',
  'create_compliance_export_job',
  'manage_compliance_export_job',
  'read_compliance_export_job',
  'read_audits',
  'test_site_url',
  'test_elasticsearch',
  'test_s3',
  'reload_config',
  'invalidate_caches',
  'recycle_database_connections',
  'purge_elasticsearch_indexes',
  'test_email',
  'create_elasticsearch_post_indexing_job',
  'manage_elasticsearch_post_indexing_job',
  'create_elasticsearch_post_aggregation_job',
  'manage_elasticsearch_post_aggregation_job',
  'read_elasticsearch_post_indexing_job',
  'read_elasticsearch_post_aggregation_job',
  'create_ldap_sync_job',
  'manage_ldap_sync_job',
  'read_ldap_sync_job',
  'test_ldap',
  'invalidate_email_invite',
  'get_saml_metadata_from_idp',
  'add_saml_public_cert',
  'add_saml_private_cert',
  'add_saml_idp_cert',
  'remove_saml_public_cert',
  'remove_saml_private_cert',
  'remove_saml_idp_cert',
  'get_saml_cert_status',
  'add_ldap_public_cert',
  'add_ldap_private_cert',
  'remove_ldap_public_cert',
  'remove_ldap_private_cert',
  'get_analytics',
  'get_logs',
  'read_license_information',
  'manage_license_information',
  'create_custom_group',
  'manage_outgoing_oauth_connections',
  'manage_own_agent',
  'manage_others_agent',
] as const;

export const TEAM_SCOPED_PERMISSIONS = [
  'invite_user',
  'add_user_to_team',
  'manage_own_slash_commands',
  'manage_others_slash_commands',
  'create_public_channel',
  'create_private_channel',
  'manage_team_roles',
  'manage_team_access_rules',
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'manage_own_incoming_webhooks',
  'manage_own_outgoing_webhooks',
  'manage_others_incoming_webhooks',
  'manage_others_outgoing_webhooks',
  'bypass_incoming_webhook_channel_lock',
  'create_emojis',
  'delete_emojis',
  'delete_others_emojis',
  'remove_user_from_team',
  'manage_team',
  'import_team',
  'view_team',
  'view_members',
  'invite_guest',
  'playbook_public_create',
  'playbook_private_create',
  'create_wiki',
  'manage_wiki',
  'read_wiki',
  'delete_wiki',
  'admin_wiki',
  'create_page',
  'read_page',
  'edit_page',
  'edit_own_page',
  'delete_own_page',
  'delete_page',
  'comment_page',
] as const;

export const CHANNEL_SCOPED_PERMISSIONS = [
  'use_slash_commands',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_channel_roles',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'manage_public_channel_auto_translation',
  'manage_private_channel_auto_translation',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
  'delete_public_channel',
  'delete_private_channel',
  'read_channel',
  'read_channel_content',
  'read_public_channel_groups',
  'read_private_channel_groups',
  'add_reaction',
  'remove_reaction',
  'remove_others_reactions',
  'upload_file',
  'create_post',
  'create_post_public',
  'create_post_ephemeral',
  'read_deleted_posts',
  'edit_post',
  'edit_others_posts',
  'delete_post',
  'delete_others_posts',
  'use_channel_mentions',
  'use_group_mentions',
  'add_bookmark_public_channel',
  'edit_bookmark_public_channel',
  'delete_bookmark_public_channel',
  'order_bookmark_public_channel',
  'add_bookmark_private_channel',
  'edit_bookmark_private_channel',
  'delete_bookmark_private_channel',
  'order_bookmark_private_channel',
  'manage_public_channel_banner',
  'manage_private_channel_banner',
  'manage_channel_access_rules',
  'edit_file_attachment',
] as const;

/** The system console sections, in Mattermost's order; each exists as sysconsole_read_<x> and sysconsole_write_<x>. */
const SYSCONSOLE_SECTIONS = [
  'about_edition_and_license',
  'billing',
  'reporting_site_statistics',
  'reporting_team_statistics',
  'reporting_server_logs',
  'user_management_users',
  'user_management_groups',
  'user_management_teams',
  'user_management_channels',
  'user_management_permissions',
  'user_management_system_roles',
  'environment_web_server',
  'environment_database',
  'environment_elasticsearch',
  'environment_file_storage',
  'environment_image_proxy',
  'environment_smtp',
  'environment_push_notification_server',
  'environment_high_availability',
  'environment_rate_limiting',
  'environment_logging',
  'environment_session_lengths',
  'environment_performance_monitoring',
  'environment_developer',
  'environment_mobile_security',
  'site_customization',
  'site_localization',
  'site_users_and_teams',
  'site_notifications',
  'site_announcement_banner',
  'site_emoji',
  'site_posts',
  'site_file_sharing_and_downloads',
  'site_public_links',
  'site_notices',
  'authentication_signup',
  'authentication_email',
  'authentication_password',
  'authentication_mfa',
  'authentication_ldap',
  'authentication_saml',
  'authentication_openid',
  'authentication_guest_access',
  'plugins',
  'integrations_integration_management',
  'integrations_bot_accounts',
  'integrations_gif',
  'integrations_cors',
  'compliance_data_retention_policy',
  'compliance_compliance_export',
  'compliance_compliance_monitoring',
  'compliance_custom_terms_of_service',
  'experimental_features',
  'experimental_feature_flags',
  'products_boards',
  'site_ip_filters',
] as const;

type SysconsoleSection = (typeof SYSCONSOLE_SECTIONS)[number];
type SysconsoleReadPermission = `sysconsole_read_${SysconsoleSection}`;
type SysconsoleWritePermission = `sysconsole_write_${SysconsoleSection}`;

export const SYSCONSOLE_READ_PERMISSIONS = SYSCONSOLE_SECTIONS.map((s) => `sysconsole_read_${s}` as SysconsoleReadPermission);
export const SYSCONSOLE_WRITE_PERMISSIONS = SYSCONSOLE_SECTIONS.map((s) => `sysconsole_write_${s}` as SysconsoleWritePermission);

export const GROUP_SCOPED_PERMISSIONS = [
  'manage_custom_group_members',
  'edit_custom_group',
  'delete_custom_group',
  'restore_custom_group',
] as const;

export const PLAYBOOK_SCOPED_PERMISSIONS = [
  'playbook_public_manage_properties',
  'playbook_public_manage_members',
  'playbook_public_manage_roles',
  'playbook_public_view',
  'playbook_public_make_private',
  'playbook_private_manage_properties',
  'playbook_private_manage_members',
  'playbook_private_manage_roles',
  'playbook_private_view',
  'playbook_private_make_public',
  'run_create',
] as const;

export const RUN_SCOPED_PERMISSIONS = ['run_manage_properties', 'run_manage_members', 'run_view'] as const;

/** Ids Mattermost still accepts in a role patch but grants nothing new with. */
export const DEPRECATED_PERMISSIONS = [
  'permanent_delete_user',
  'manage_webhooks',
  'manage_others_webhooks',
  'manage_incoming_webhooks',
  'manage_outgoing_webhooks',
  'manage_slash_commands',
  'manage_emojis',
  'manage_others_emojis',
  'sysconsole_read_authentication',
  'sysconsole_write_authentication',
  'sysconsole_read_site',
  'sysconsole_write_site',
  'sysconsole_read_environment',
  'sysconsole_write_environment',
  'sysconsole_read_reporting',
  'sysconsole_write_reporting',
  'sysconsole_read_about',
  'sysconsole_write_about',
  'sysconsole_read_experimental',
  'sysconsole_write_experimental',
  'sysconsole_read_integrations',
  'sysconsole_write_integrations',
  'sysconsole_read_compliance',
  'sysconsole_write_compliance',
  'purge_bleve_indexes',
  'create_post_bleve_indexes_job',
  'manage_post_bleve_indexes_job',
  'sysconsole_read_experimental_bleve',
  'sysconsole_write_experimental_bleve',
] as const;

export type PermissionId =
  | (typeof SYSTEM_SCOPED_PERMISSIONS)[number]
  | (typeof TEAM_SCOPED_PERMISSIONS)[number]
  | (typeof CHANNEL_SCOPED_PERMISSIONS)[number]
  | SysconsoleReadPermission
  | SysconsoleWritePermission
  | (typeof GROUP_SCOPED_PERMISSIONS)[number]
  | (typeof PLAYBOOK_SCOPED_PERMISSIONS)[number]
  | (typeof RUN_SCOPED_PERMISSIONS)[number];

/** Every current permission id, in Mattermost's AllPermissions order. */
export const ALL_PERMISSIONS: readonly PermissionId[] = [
  ...SYSTEM_SCOPED_PERMISSIONS,
  ...TEAM_SCOPED_PERMISSIONS,
  ...CHANNEL_SCOPED_PERMISSIONS,
  ...SYSCONSOLE_READ_PERMISSIONS,
  ...SYSCONSOLE_WRITE_PERMISSIONS,
  ...GROUP_SCOPED_PERMISSIONS,
  ...PLAYBOOK_SCOPED_PERMISSIONS,
  ...RUN_SCOPED_PERMISSIONS,
];

/** `Permissions.CREATE_POST === 'create_post'`: the id upper-cased is the key, for every current permission. */
export const Permissions = Object.freeze(Object.fromEntries(ALL_PERMISSIONS.map((p) => [p.toUpperCase(), p]))) as {
  readonly [P in PermissionId as Uppercase<P>]: P;
};

const KNOWN_PERMISSIONS = new Set<string>([...ALL_PERMISSIONS, ...DEPRECATED_PERMISSIONS]);

/** True for ids a role may carry (current or deprecated), as Mattermost's Role.IsValid accepts them. */
export function isValidPermission(id: string): boolean {
  return KNOWN_PERMISSIONS.has(id);
}

/**
 * The non-console permissions each system console section needs (Mattermost's SysconsoleAncillaryPermissions); the
 * answer of `POST /api/v4/permissions/ancillary` and the expansion applied to the console roles below.
 */
export const SYSCONSOLE_ANCILLARY_PERMISSIONS: Readonly<Record<string, readonly PermissionId[]>> = {
  sysconsole_read_about_edition_and_license: ['read_license_information'],
  sysconsole_write_about_edition_and_license: ['manage_license_information'],
  sysconsole_read_user_management_channels: [
    'read_public_channel',
    'read_channel',
    'read_public_channel_groups',
    'read_private_channel_groups',
  ],
  sysconsole_read_user_management_users: ['read_other_users_teams'],
  sysconsole_read_user_management_teams: ['list_private_teams', 'list_public_teams', 'view_team'],
  sysconsole_read_environment_elasticsearch: ['read_elasticsearch_post_indexing_job', 'read_elasticsearch_post_aggregation_job'],
  sysconsole_write_environment_web_server: ['test_site_url', 'reload_config', 'invalidate_caches'],
  sysconsole_write_environment_database: ['recycle_database_connections'],
  sysconsole_write_environment_elasticsearch: [
    'test_elasticsearch',
    'create_elasticsearch_post_indexing_job',
    'manage_elasticsearch_post_indexing_job',
    'create_elasticsearch_post_aggregation_job',
    'manage_elasticsearch_post_aggregation_job',
    'purge_elasticsearch_indexes',
  ],
  sysconsole_write_environment_file_storage: ['test_s3'],
  sysconsole_write_environment_smtp: ['test_email'],
  sysconsole_read_reporting_server_logs: ['get_logs'],
  sysconsole_read_reporting_site_statistics: ['get_analytics'],
  sysconsole_read_reporting_team_statistics: ['get_analytics'],
  sysconsole_write_user_management_users: ['edit_other_users', 'demote_to_guest', 'promote_guest'],
  sysconsole_write_user_management_channels: [
    'manage_public_channel_properties',
    'manage_private_channel_properties',
    'manage_public_channel_auto_translation',
    'manage_private_channel_auto_translation',
    'manage_private_channel_members',
    'manage_public_channel_members',
    'delete_private_channel',
    'delete_public_channel',
    'manage_channel_roles',
    'convert_public_channel_to_private',
    'convert_private_channel_to_public',
  ],
  sysconsole_write_user_management_teams: [
    'manage_team',
    'manage_team_roles',
    'remove_user_from_team',
    'join_private_teams',
    'join_public_teams',
    'add_user_to_team',
  ],
  sysconsole_write_user_management_groups: [
    'manage_private_channel_members',
    'manage_public_channel_members',
    'convert_public_channel_to_private',
    'convert_private_channel_to_public',
  ],
  sysconsole_write_site_customization: ['edit_brand'],
  sysconsole_write_compliance_data_retention_policy: ['create_data_retention_job', 'manage_data_retention_job'],
  sysconsole_read_compliance_data_retention_policy: ['read_data_retention_job'],
  sysconsole_write_compliance_compliance_export: [
    'create_compliance_export_job',
    'manage_compliance_export_job',
    'download_compliance_export_result',
  ],
  sysconsole_read_compliance_compliance_export: ['read_compliance_export_job', 'download_compliance_export_result'],
  sysconsole_read_compliance_compliance_monitoring: ['read_audits'],
  sysconsole_write_authentication_ldap: [
    'create_ldap_sync_job',
    'manage_ldap_sync_job',
    'add_ldap_public_cert',
    'remove_ldap_public_cert',
    'add_ldap_private_cert',
    'remove_ldap_private_cert',
  ],
  sysconsole_read_authentication_ldap: ['test_ldap', 'read_ldap_sync_job'],
  sysconsole_write_authentication_email: ['invalidate_email_invite'],
  sysconsole_write_authentication_saml: [
    'get_saml_metadata_from_idp',
    'add_saml_public_cert',
    'add_saml_private_cert',
    'add_saml_idp_cert',
    'remove_saml_public_cert',
    'remove_saml_private_cert',
    'remove_saml_idp_cert',
    'get_saml_cert_status',
  ],
};

/** Appends the ancillary permissions of every console permission in the list, without duplicates. */
export function withAncillaryPermissions(permissions: readonly string[]): string[] {
  const out = new Set(permissions);
  for (const p of permissions) for (const a of SYSCONSOLE_ANCILLARY_PERMISSIONS[p] ?? []) out.add(a);
  return [...out];
}

export const RoleNames = {
  SYSTEM_GUEST: 'system_guest',
  SYSTEM_USER: 'system_user',
  SYSTEM_ADMIN: 'system_admin',
  SYSTEM_POST_ALL: 'system_post_all',
  SYSTEM_POST_ALL_PUBLIC: 'system_post_all_public',
  SYSTEM_USER_ACCESS_TOKEN: 'system_user_access_token',
  SYSTEM_USER_MANAGER: 'system_user_manager',
  SYSTEM_READ_ONLY_ADMIN: 'system_read_only_admin',
  SYSTEM_MANAGER: 'system_manager',
  SYSTEM_CUSTOM_GROUP_ADMIN: 'system_custom_group_admin',
  SYSTEM_SHARED_CHANNEL_MANAGER: 'system_shared_channel_manager',
  TEAM_GUEST: 'team_guest',
  TEAM_USER: 'team_user',
  TEAM_ADMIN: 'team_admin',
  TEAM_POST_ALL: 'team_post_all',
  TEAM_POST_ALL_PUBLIC: 'team_post_all_public',
  CHANNEL_GUEST: 'channel_guest',
  CHANNEL_USER: 'channel_user',
  CHANNEL_ADMIN: 'channel_admin',
  CUSTOM_GROUP_USER: 'custom_group_user',
  PLAYBOOK_ADMIN: 'playbook_admin',
  PLAYBOOK_MEMBER: 'playbook_member',
  RUN_ADMIN: 'run_admin',
  RUN_MEMBER: 'run_member',
} as const;

/** Mattermost's Role as it goes over the wire. */
export interface Role {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  permissions: string[];
  scheme_managed: boolean;
  built_in: boolean;
}

interface RoleSeed {
  /** i18n key stem: Mattermost stores `authentication.roles.<stem>.name` / `.description` as display name and description. */
  i18n: string;
  permissions: readonly string[];
  schemeManaged: boolean;
  builtIn?: boolean;
}

const BOOKMARK_PERMISSIONS = [
  'add_bookmark_public_channel',
  'edit_bookmark_public_channel',
  'delete_bookmark_public_channel',
  'order_bookmark_public_channel',
  'add_bookmark_private_channel',
  'edit_bookmark_private_channel',
  'delete_bookmark_private_channel',
  'order_bookmark_private_channel',
] as const;

const CHANNEL_MODERATED_PERMISSIONS = [
  'create_post',
  'add_reaction',
  'remove_reaction',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'use_channel_mentions',
] as const;

/*
 * A fresh Mattermost server creates these roles from MakeDefaultRoles (server/public/model/role.go) and then runs every
 * permissions migration over them (server/channels/app/permissions_migrations.go, migrations.go). The lists below are
 * the result; the comments name the migrations that add to MakeDefaultRoles' lists. Permission order is not
 * significant to clients.
 */
const SEEDS: Record<string, RoleSeed> = {
  custom_group_user: { i18n: 'custom_group_user', permissions: [], schemeManaged: false, builtIn: false },
  channel_guest: {
    i18n: 'channel_guest',
    schemeManaged: true,
    permissions: [
      'read_channel',
      'read_channel_content',
      'add_reaction',
      'remove_reaction',
      'upload_file',
      'edit_post',
      'create_post',
      'use_channel_mentions',
      'read_page',
      'edit_file_attachment',
    ],
  },
  channel_user: {
    i18n: 'channel_user',
    schemeManaged: true,
    permissions: [
      'read_channel',
      'read_channel_content',
      'add_reaction',
      'remove_reaction',
      'manage_public_channel_members',
      'upload_file',
      'get_public_link',
      'create_post',
      'use_channel_mentions',
      'manage_public_channel_properties',
      'delete_public_channel',
      'manage_private_channel_properties',
      'delete_private_channel',
      'manage_private_channel_members',
      'delete_post',
      'edit_post',
      'edit_file_attachment',
      ...BOOKMARK_PERMISSIONS,
      'read_page',
      'create_page',
      'edit_page',
      'delete_own_page',
      // use-group-mentions and system-console migrations
      'use_group_mentions',
      'read_public_channel_groups',
      'read_private_channel_groups',
    ],
  },
  channel_admin: {
    i18n: 'channel_admin',
    schemeManaged: true,
    permissions: [
      'manage_channel_roles',
      'use_group_mentions',
      ...BOOKMARK_PERMISSIONS,
      'read_page',
      'create_page',
      'edit_page',
      'delete_own_page',
      'delete_page',
      'manage_public_channel_banner',
      'manage_private_channel_banner',
      'manage_channel_access_rules',
      'manage_public_channel_auto_translation',
      'manage_private_channel_auto_translation',
      // channel-moderation, system-console and upload-file migrations
      ...CHANNEL_MODERATED_PERMISSIONS,
      'read_public_channel_groups',
      'read_private_channel_groups',
      'upload_file',
    ],
  },
  team_guest: { i18n: 'team_guest', schemeManaged: true, permissions: ['view_team'] },
  team_user: {
    i18n: 'team_user',
    schemeManaged: true,
    permissions: [
      'list_team_channels',
      'join_public_channels',
      'read_public_channel',
      'view_team',
      'create_public_channel',
      'create_private_channel',
      'invite_user',
      'add_user_to_team',
      'create_wiki',
      'read_page',
      'create_page',
      'edit_page',
      'delete_own_page',
      // playbooks migration (roles that can create channels can create playbooks)
      'playbook_public_create',
      'playbook_private_create',
    ],
  },
  team_post_all: {
    i18n: 'team_post_all',
    schemeManaged: false,
    permissions: ['create_post', 'use_channel_mentions', 'use_group_mentions', 'upload_file'],
  },
  team_post_all_public: {
    i18n: 'team_post_all_public',
    schemeManaged: false,
    permissions: ['create_post_public', 'use_channel_mentions', 'use_group_mentions'],
  },
  team_admin: {
    i18n: 'team_admin',
    schemeManaged: true,
    permissions: [
      'remove_user_from_team',
      'manage_team',
      'import_team',
      'manage_team_roles',
      'manage_team_access_rules',
      'manage_channel_roles',
      'manage_own_incoming_webhooks',
      'manage_others_incoming_webhooks',
      'manage_own_outgoing_webhooks',
      'manage_others_outgoing_webhooks',
      'manage_own_slash_commands',
      'manage_others_slash_commands',
      'bypass_incoming_webhook_channel_lock',
      'convert_public_channel_to_private',
      'convert_private_channel_to_public',
      'delete_post',
      'delete_others_posts',
      ...BOOKMARK_PERMISSIONS,
      'read_page',
      'create_page',
      'edit_page',
      'delete_own_page',
      'delete_page',
      'manage_public_channel_banner',
      'manage_private_channel_banner',
      'manage_channel_access_rules',
      'create_wiki',
      'manage_wiki',
      // channel-moderation, group-mentions, system-console, upload-file, playbook-roles and auto-translation migrations
      ...CHANNEL_MODERATED_PERMISSIONS,
      'use_group_mentions',
      'read_public_channel_groups',
      'read_private_channel_groups',
      'upload_file',
      'playbook_public_manage_roles',
      'playbook_private_manage_roles',
      'manage_public_channel_auto_translation',
      'manage_private_channel_auto_translation',
    ],
  },
  playbook_admin: {
    i18n: 'playbook_admin',
    schemeManaged: true,
    permissions: [
      'playbook_public_manage_members',
      'playbook_public_manage_roles',
      'playbook_public_manage_properties',
      'playbook_private_manage_members',
      'playbook_private_manage_roles',
      'playbook_private_manage_properties',
      'playbook_public_make_private',
    ],
  },
  playbook_member: {
    i18n: 'playbook_member',
    schemeManaged: true,
    permissions: [
      'playbook_public_view',
      'playbook_public_manage_members',
      'playbook_public_manage_properties',
      'playbook_private_view',
      'playbook_private_manage_members',
      'playbook_private_manage_properties',
      'run_create',
    ],
  },
  run_admin: { i18n: 'run_admin', schemeManaged: true, permissions: ['run_manage_members', 'run_manage_properties'] },
  run_member: { i18n: 'run_member', schemeManaged: true, permissions: ['run_view'] },
  system_guest: {
    i18n: 'global_guest',
    schemeManaged: true,
    permissions: ['create_direct_channel', 'create_group_channel'],
  },
  system_user: {
    i18n: 'global_user',
    schemeManaged: true,
    permissions: [
      'list_public_teams',
      'join_public_teams',
      'create_direct_channel',
      'create_group_channel',
      'view_members',
      'create_team',
      'create_custom_group',
      'edit_custom_group',
      'delete_custom_group',
      'restore_custom_group',
      'manage_custom_group_members',
      'manage_own_agent',
      // emoji-permissions migration (custom emoji creation open to everyone by default)
      'create_emojis',
      'delete_emojis',
    ],
  },
  system_post_all: {
    i18n: 'system_post_all',
    schemeManaged: false,
    permissions: ['create_post', 'use_channel_mentions', 'use_group_mentions', 'upload_file'],
  },
  system_post_all_public: {
    i18n: 'system_post_all_public',
    schemeManaged: false,
    permissions: ['create_post_public', 'use_channel_mentions', 'use_group_mentions'],
  },
  system_user_access_token: {
    i18n: 'system_user_access_token',
    schemeManaged: false,
    permissions: ['create_user_access_token', 'read_user_access_token', 'revoke_user_access_token'],
  },
  system_user_manager: {
    i18n: 'system_user_manager',
    schemeManaged: false,
    permissions: withAncillaryPermissions([
      'sysconsole_read_user_management_groups',
      'sysconsole_read_user_management_teams',
      'sysconsole_read_user_management_channels',
      'sysconsole_read_user_management_permissions',
      'sysconsole_write_user_management_groups',
      'sysconsole_write_user_management_teams',
      'sysconsole_write_user_management_channels',
      'sysconsole_read_authentication_signup',
      'sysconsole_read_authentication_email',
      'sysconsole_read_authentication_password',
      'sysconsole_read_authentication_mfa',
      'sysconsole_read_authentication_ldap',
      'sysconsole_read_authentication_saml',
      'sysconsole_read_authentication_openid',
      'sysconsole_read_authentication_guest_access',
    ]),
  },
  system_read_only_admin: {
    i18n: 'system_read_only_admin',
    schemeManaged: false,
    permissions: withAncillaryPermissions([
      ...SYSCONSOLE_READ_PERMISSIONS.filter(
        (p) =>
          p !== 'sysconsole_read_billing' &&
          p !== 'sysconsole_read_user_management_system_roles' &&
          p !== 'sysconsole_read_site_ip_filters' &&
          // added afterwards by the mobile-security migration (below)
          p !== 'sysconsole_read_environment_mobile_security',
      ),
      'sysconsole_read_environment_mobile_security',
    ]),
  },
  system_manager: {
    i18n: 'system_manager',
    schemeManaged: false,
    permissions: withAncillaryPermissions([
      'sysconsole_read_about_edition_and_license',
      'sysconsole_read_reporting_site_statistics',
      'sysconsole_read_reporting_team_statistics',
      'sysconsole_read_reporting_server_logs',
      'sysconsole_read_user_management_groups',
      'sysconsole_read_user_management_teams',
      'sysconsole_read_user_management_channels',
      'sysconsole_read_user_management_permissions',
      'sysconsole_write_user_management_groups',
      'sysconsole_write_user_management_teams',
      'sysconsole_write_user_management_channels',
      'sysconsole_write_user_management_permissions',
      ...consoleSections('environment_', ['mobile_security'], true),
      ...consoleSections('site_', ['ip_filters'], true),
      ...SYSCONSOLE_READ_PERMISSIONS.filter((p) => p.startsWith('sysconsole_read_authentication_')),
      'sysconsole_read_plugins',
      ...consoleSections('integrations_', [], true),
      'sysconsole_read_products_boards',
      'sysconsole_write_products_boards',
      'manage_outgoing_oauth_connections',
    ]),
  },
  system_custom_group_admin: {
    i18n: 'system_custom_group_admin',
    schemeManaged: false,
    permissions: ['create_custom_group', 'edit_custom_group', 'delete_custom_group', 'restore_custom_group', 'manage_custom_group_members'],
  },
  system_shared_channel_manager: {
    i18n: 'system_shared_channel_manager',
    schemeManaged: false,
    permissions: ['manage_shared_channels'],
  },
  system_admin: { i18n: 'global_admin', schemeManaged: true, permissions: ALL_PERMISSIONS },
};

/** Read then write permissions for the console sections starting with `prefix`, minus `except` (suffixes). */
function consoleSections(prefix: string, except: string[], withWrite: boolean): string[] {
  const sections = SYSCONSOLE_SECTIONS.filter((s) => s.startsWith(prefix) && !except.includes(s.slice(prefix.length)));
  const read = sections.map((s) => `sysconsole_read_${s}`);
  return withWrite ? [...read, ...sections.map((s) => `sysconsole_write_${s}`)] : read;
}

/** A stable 26-character Mattermost-style id for a built-in role, so ids survive restarts and re-seeding. */
export function roleIdFor(name: string): string {
  return base32(createHash('md5').update(`parley-role:${name}`).digest());
}

/** The built-in roles of a fresh server, with `now` as their create/update time. */
export function defaultRoles(now: number = Date.now()): Role[] {
  return Object.entries(SEEDS).map(([name, seed]) => ({
    id: roleIdFor(name),
    name,
    display_name: `authentication.roles.${seed.i18n}.name`,
    description: `authentication.roles.${seed.i18n}.description`,
    create_at: now,
    update_at: now,
    delete_at: 0,
    permissions: [...new Set(seed.permissions)],
    scheme_managed: seed.schemeManaged,
    built_in: seed.builtIn ?? true,
  }));
}

const ROLE_NAME_RE = /^[a-z0-9_]{1,64}$/;

/** Mattermost's IsValidRoleName: 1–64 characters of a–z, 0–9 and `_`. */
export function isValidRoleName(name: string): boolean {
  return ROLE_NAME_RE.test(name);
}

/** Splits a space-separated roles string (`"system_user system_admin"`) into names, ignoring extra spaces. */
export function splitRoles(roles: string): string[] {
  return roles.split(' ').filter((r) => r !== '');
}

function hasRoleName(roles: string, name: string): boolean {
  for (const r of roles.split(' ')) if (r === name) return true;
  return false;
}

/** True when the space-separated roles string contains `system_admin`. */
export function isSystemAdmin(roles: string): boolean {
  return hasRoleName(roles, RoleNames.SYSTEM_ADMIN);
}

/** True when the roles string contains `system_guest` (Mattermost's IsGuest). */
export function isSystemGuest(roles: string): boolean {
  return hasRoleName(roles, RoleNames.SYSTEM_GUEST);
}

/**
 * Permission lookups over a set of roles, with each role's permissions held in a Set so a check costs one lookup per
 * role name. Deleted roles (delete_at > 0) grant nothing. Unknown role names grant nothing.
 */
export class RoleSet {
  private readonly byName = new Map<string, Role>();
  private readonly grants = new Map<string, Set<string>>();

  constructor(roles: Iterable<Role>) {
    for (const role of roles) this.update(role);
  }

  /** Replaces (or adds) a role, e.g. after an admin patched its permissions. */
  update(role: Role): void {
    this.byName.set(role.name, role);
    if (role.delete_at > 0) this.grants.delete(role.name);
    else this.grants.set(role.name, new Set(role.permissions));
  }

  get(name: string): Role | undefined {
    return this.byName.get(name);
  }

  getById(id: string): Role | undefined {
    for (const role of this.byName.values()) if (role.id === id) return role;
    return undefined;
  }

  all(): Role[] {
    return [...this.byName.values()];
  }

  /** True if any role named in the space-separated `roleNames` grants `permission`. */
  hasPermission(roleNames: string, permission: string): boolean {
    for (const name of roleNames.split(' ')) {
      if (name !== '' && this.grants.get(name)?.has(permission)) return true;
    }
    return false;
  }

  /** True if any of several roles strings (system, team, channel member roles) grants `permission`. */
  hasPermissionIn(roleStrings: ReadonlyArray<string | undefined | null>, permission: string): boolean {
    for (const roles of roleStrings) if (roles && this.hasPermission(roles, permission)) return true;
    return false;
  }

  isSystemAdmin(roles: string): boolean {
    return isSystemAdmin(roles);
  }
}
