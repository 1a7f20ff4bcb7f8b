// /mobile-logs on|off|status [@user]: the advanced_settings/attach_app_logs preference, one's own or (with
// edit_other_users, manage_system for an admin) another user's.
import type { CommandResponse } from '../../model/command.ts';
import { AppError } from '../../model/app-error.ts';
import { requireEditUser } from '../authz.ts';
import type { AppContext } from '../context.ts';
import { getPreferenceByCategoryAndName, updatePreferences } from '../preferences.ts';
import { T } from './messages.ts';
import { ephemeral, type Builtin, type CommandArgs } from './types.ts';

const CATEGORY = 'advanced_settings';
const NAME = 'attach_app_logs';

async function target(ctx: AppContext, args: CommandArgs, field: string | undefined): Promise<{ id: string; label: string } | string> {
  if (!field) return { id: args.userId, label: T('api.command_mobile_logs.you') };
  const username = field.replace(/^@/, '').toLowerCase();
  const user = await ctx.store.users.getByUsername(username);
  if (!user || user.delete_at) return T('api.command_mobile_logs.user_not_found.app_error', { Username: username });
  try {
    await requireEditUser(ctx, args.actor, user.id, 'mobileLogsCommand');
  } catch (err) {
    if (err instanceof AppError) return T('api.command_mobile_logs.cross_user_unavailable.app_error');
    throw err;
  }
  return { id: user.id, label: '@' + user.username };
}

async function mobileLogs(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const fields = message.split(/\s+/).filter(Boolean);
  const action = (fields[0] ?? '').toLowerCase();
  if (action !== 'on' && action !== 'off' && action !== 'status') return ephemeral(T('api.command_mobile_logs.usage'));
  const who = await target(ctx, args, fields[1]);
  if (typeof who === 'string') return ephemeral(who);
  if (action === 'status') {
    const on = await getPreferenceByCategoryAndName(ctx, args.actor, who.id, CATEGORY, NAME).then(
      (p) => p.value === 'true',
      () => false,
    );
    return ephemeral(T(on ? 'api.command_mobile_logs.status_on' : 'api.command_mobile_logs.status_off', { User: who.label }));
  }
  try {
    await updatePreferences(ctx, args.actor, who.id, [{ user_id: who.id, category: CATEGORY, name: NAME, value: String(action === 'on') }]);
  } catch (err) {
    if (err instanceof AppError) return ephemeral(T('api.command_mobile_logs.update_error.app_error'));
    throw err;
  }
  return ephemeral(T(action === 'on' ? 'api.command_mobile_logs.enabled' : 'api.command_mobile_logs.disabled', { User: who.label }));
}

export const MOBILE_LOGS: Builtin = {
  trigger: 'mobile-logs',
  autoComplete: true,
  desc: T('api.command_mobile_logs.desc'),
  hint: T('api.command_mobile_logs.hint'),
  name: T('api.command_mobile_logs.name'),
  run: mobileLogs,
};
