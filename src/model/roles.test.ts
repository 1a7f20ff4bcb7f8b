import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  DEPRECATED_PERMISSIONS,
  Permissions,
  RoleNames,
  RoleSet,
  SYSCONSOLE_ANCILLARY_PERMISSIONS,
  defaultRoles,
  isSystemAdmin,
  isSystemGuest,
  isValidPermission,
  isValidRoleName,
  roleIdFor,
  splitRoles,
  type Role,
} from './roles.ts';

const roles = defaultRoles(1700000000000);
const set = new RoleSet(roles);
const byName = new Map(roles.map((r) => [r.name, r]));

describe('default roles', () => {
  it('has every role a fresh Mattermost server creates', () => {
    for (const name of Object.values(RoleNames)) expect(byName.has(name), name).toBe(true);
    expect(roles).toHaveLength(Object.values(RoleNames).length);
  });

  it('uses the wire shape and stable 26-character ids', () => {
    const again = defaultRoles(5);
    for (const r of roles) {
      expect(r.id).toMatch(/^[a-z0-9]{26}$/);
      expect(again.find((x) => x.name === r.name)?.id).toBe(r.id);
      expect(Object.keys(r).sort()).toEqual(
        [
          'built_in',
          'create_at',
          'delete_at',
          'description',
          'display_name',
          'id',
          'name',
          'permissions',
          'scheme_managed',
          'update_at',
        ].sort(),
      );
      expect(r.delete_at).toBe(0);
      expect(r.create_at).toBe(1700000000000);
      expect(new Set(r.permissions).size).toBe(r.permissions.length);
      for (const p of r.permissions) expect(isValidPermission(p), `${r.name}: ${p}`).toBe(true);
    }
    expect(new Set(roles.map((r) => r.id)).size).toBe(roles.length);
    expect(roleIdFor('system_user')).toBe(byName.get('system_user')!.id);
  });

  it("stores Mattermost's i18n keys as display name and description", () => {
    expect(byName.get('system_admin')!.display_name).toBe('authentication.roles.global_admin.name');
    expect(byName.get('system_user')!.description).toBe('authentication.roles.global_user.description');
    expect(byName.get('channel_user')!.display_name).toBe('authentication.roles.channel_user.name');
  });

  it('marks scheme-managed and built-in roles as Mattermost does', () => {
    expect(byName.get('team_user')!.scheme_managed).toBe(true);
    expect(byName.get('channel_admin')!.scheme_managed).toBe(true);
    expect(byName.get('system_post_all')!.scheme_managed).toBe(false);
    expect(byName.get('system_user_access_token')!.scheme_managed).toBe(false);
    expect(byName.get('system_manager')!.built_in).toBe(true);
    expect(byName.get('custom_group_user')!.built_in).toBe(false);
  });

  it('gives system_admin every permission and nothing deprecated', () => {
    const admin = byName.get('system_admin')!;
    expect(admin.permissions).toEqual([...ALL_PERMISSIONS]);
    for (const p of DEPRECATED_PERMISSIONS) expect(admin.permissions).not.toContain(p);
    expect(set.hasPermission('system_admin', Permissions.MANAGE_SYSTEM)).toBe(true);
    expect(set.hasPermission('system_admin', Permissions.SYSCONSOLE_WRITE_USER_MANAGEMENT_USERS)).toBe(true);
  });
});

describe('real Mattermost defaults', () => {
  it('lets ordinary users create teams, DMs and GMs and custom emoji', () => {
    for (const p of ['create_team', 'create_direct_channel', 'create_group_channel', 'list_public_teams', 'view_members', 'create_emojis'])
      expect(set.hasPermission('system_user', p), p).toBe(true);
    expect(set.hasPermission('system_user', 'manage_system')).toBe(false);
    expect(set.hasPermission('system_user', 'edit_other_users')).toBe(false);
    expect(set.hasPermission('system_user', 'list_users_without_team')).toBe(false);
    expect(set.hasPermission('system_user', 'delete_others_emojis')).toBe(false);
  });

  it('lets only team admins remove members and manage the team', () => {
    expect(set.hasPermission('team_user', 'remove_user_from_team')).toBe(false);
    expect(set.hasPermission('team_user team_admin', 'remove_user_from_team')).toBe(true);
    expect(set.hasPermission('team_admin', 'manage_team')).toBe(true);
    expect(set.hasPermission('team_admin', 'import_team')).toBe(true);
    expect(set.hasPermission('team_user', 'import_team')).toBe(false);
    expect(set.hasPermission('team_admin', 'delete_others_posts')).toBe(true);
    expect(set.hasPermission('channel_user', 'delete_others_posts')).toBe(false);
  });

  it('lets team members create channels, invite and add users', () => {
    for (const p of [
      'create_public_channel',
      'create_private_channel',
      'join_public_channels',
      'list_team_channels',
      'view_team',
      'invite_user',
      'add_user_to_team',
    ])
      expect(set.hasPermission('team_user', p), p).toBe(true);
  });

  it('lets channel members post, react, upload and manage members of both channel types', () => {
    for (const p of [
      'create_post',
      'read_channel',
      'add_reaction',
      'remove_reaction',
      'upload_file',
      'edit_post',
      'delete_post',
      'use_channel_mentions',
      'manage_public_channel_members',
      'manage_private_channel_members',
      'manage_public_channel_properties',
      'delete_private_channel',
    ])
      expect(set.hasPermission('channel_user', p), p).toBe(true);
    expect(set.hasPermission('channel_user', 'edit_others_posts')).toBe(false);
    expect(set.hasPermission('channel_user', 'manage_channel_roles')).toBe(false);
    expect(set.hasPermission('channel_admin', 'manage_channel_roles')).toBe(true);
  });

  it('lets only admins convert a private channel to public', () => {
    expect(set.hasPermission('channel_user channel_admin', 'convert_private_channel_to_public')).toBe(false);
    expect(set.hasPermission('team_user', 'convert_public_channel_to_private')).toBe(false);
    expect(set.hasPermission('team_admin', 'convert_private_channel_to_public')).toBe(true);
    expect(set.hasPermission('system_admin', 'convert_public_channel_to_private')).toBe(true);
  });

  it('restricts guests', () => {
    expect(set.hasPermission('system_guest team_guest channel_guest', 'create_public_channel')).toBe(false);
    expect(set.hasPermission('team_guest', 'create_private_channel')).toBe(false);
    expect(set.hasPermission('system_guest', 'create_team')).toBe(false);
    expect(set.hasPermission('channel_guest', 'manage_public_channel_members')).toBe(false);
    expect(set.hasPermission('channel_guest', 'use_group_mentions')).toBe(false);
    expect(set.hasPermission('channel_guest', 'create_post')).toBe(true);
    expect(set.hasPermission('system_guest', 'create_direct_channel')).toBe(true);
    expect(set.hasPermission('team_guest', 'view_team')).toBe(true);
  });

  it('gives the post-all roles posting rights and user-access-token role token rights', () => {
    expect(set.hasPermission('system_post_all', 'create_post')).toBe(true);
    expect(set.hasPermission('system_post_all_public', 'create_post')).toBe(false);
    expect(set.hasPermission('system_post_all_public', 'create_post_public')).toBe(true);
    expect(set.hasPermission('team_post_all', 'create_post')).toBe(true);
    expect(set.hasPermission('system_user_access_token', 'create_user_access_token')).toBe(true);
    expect(set.hasPermission('system_user', 'create_user_access_token')).toBe(false);
  });

  it('builds the console roles from their sections plus ancillary permissions', () => {
    expect(set.hasPermission('system_user_manager', 'sysconsole_write_user_management_teams')).toBe(true);
    expect(set.hasPermission('system_user_manager', 'remove_user_from_team')).toBe(true);
    expect(set.hasPermission('system_user_manager', 'manage_system')).toBe(false);
    expect(set.hasPermission('system_read_only_admin', 'sysconsole_read_user_management_users')).toBe(true);
    expect(set.hasPermission('system_read_only_admin', 'sysconsole_write_user_management_users')).toBe(false);
    expect(set.hasPermission('system_read_only_admin', 'read_audits')).toBe(true);
    expect(set.hasPermission('system_manager', 'test_email')).toBe(true);
    expect(set.hasPermission('system_manager', 'sysconsole_write_user_management_users')).toBe(false);
    expect(set.hasPermission('system_custom_group_admin', 'restore_custom_group')).toBe(true);
  });
});

describe('RoleSet', () => {
  it('ignores unknown names, empty strings and extra spaces', () => {
    expect(set.hasPermission('', 'create_post')).toBe(false);
    expect(set.hasPermission('no_such_role', 'create_post')).toBe(false);
    expect(set.hasPermission('  channel_user  ', 'create_post')).toBe(true);
    expect(set.hasPermission('channel_user', 'no_such_permission')).toBe(false);
  });

  it('checks several roles strings at once (system, team, channel)', () => {
    expect(set.hasPermissionIn(['system_user', 'team_user', 'channel_user'], 'create_post')).toBe(true);
    expect(set.hasPermissionIn(['system_user', undefined, null], 'create_post')).toBe(false);
  });

  it('applies a patched role and forgets a deleted one', () => {
    const local = new RoleSet(defaultRoles(1));
    const channelUser = local.get('channel_user')!;
    const patched: Role = { ...channelUser, permissions: channelUser.permissions.filter((p) => p !== 'create_post') };
    local.update(patched);
    expect(local.hasPermission('channel_user', 'create_post')).toBe(false);
    expect(local.hasPermission('channel_user', 'add_reaction')).toBe(true);
    expect(set.hasPermission('channel_user', 'create_post')).toBe(true);
    local.update({ ...local.get('team_admin')!, delete_at: 5 });
    expect(local.hasPermission('team_admin', 'manage_team')).toBe(false);
    expect(local.getById(channelUser.id)?.name).toBe('channel_user');
    expect(local.all()).toHaveLength(roles.length);
  });

  it('recognises system admins and guests by role name only', () => {
    expect(isSystemAdmin('system_user system_admin')).toBe(true);
    expect(isSystemAdmin('system_user')).toBe(false);
    expect(isSystemAdmin('system_administrator')).toBe(false);
    expect(set.isSystemAdmin('system_admin')).toBe(true);
    expect(isSystemGuest('system_guest')).toBe(true);
    expect(isSystemGuest('system_user')).toBe(false);
  });
});

describe('permission and role-name helpers', () => {
  it('maps upper-case keys to ids', () => {
    expect(Permissions.CREATE_POST).toBe('create_post');
    expect(Permissions.REMOVE_USER_FROM_TEAM).toBe('remove_user_from_team');
    expect(Permissions.MANAGE_PRIVATE_CHANNEL_MEMBERS).toBe('manage_private_channel_members');
    expect(Object.keys(Permissions)).toHaveLength(ALL_PERMISSIONS.length);
  });

  it('accepts current and deprecated permissions only', () => {
    expect(isValidPermission('create_post')).toBe(true);
    expect(isValidPermission('manage_emojis')).toBe(true);
    expect(isValidPermission('create_posts')).toBe(false);
    expect(isValidPermission('')).toBe(false);
  });

  it('validates role names like Mattermost', () => {
    expect(isValidRoleName('team_user')).toBe(true);
    expect(isValidRoleName('Team_User')).toBe(false);
    expect(isValidRoleName('')).toBe(false);
    expect(isValidRoleName('a'.repeat(65))).toBe(false);
    expect(splitRoles(' system_user  system_admin ')).toEqual(['system_user', 'system_admin']);
  });

  it('lists only valid permissions as ancillary', () => {
    for (const [section, perms] of Object.entries(SYSCONSOLE_ANCILLARY_PERMISSIONS)) {
      expect(ALL_PERMISSIONS).toContain(section);
      for (const p of perms) expect(ALL_PERMISSIONS).toContain(p);
    }
  });
});
