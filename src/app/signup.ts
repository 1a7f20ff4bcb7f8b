// Sign-up (POST /users): who may create an account, and the account with its invitation's team join in one
// transaction. Apart from users.ts so that profiles do not depend on invitations (invites → teams → users).
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { User } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { isUniqueViolation } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { guestInvitation, joinGuestFromInvitation, prepareGuestSignup } from './guests.ts';
import { joinUserToTeamFromInvite } from './invites.ts';
import { inTransaction } from './transaction.ts';
import { afterSignupVerification } from './email-verification.ts';
import { duplicateUserError, newUserFrom, sanitizeUser, type NewUserInput } from './users.ts';

/** Where a sign-up came from: an e-mail invitation token (`t`) or a team invite id (`iid`). */
export interface SignUpInvite {
  token?: string;
  inviteId?: string;
}

/**
 * POST /users: a logged-in admin may always create users; otherwise the first user of the server (who becomes a
 * system admin), or, with sign-up enabled, anyone on an open server or with an invitation. The user, the team join of
 * the invitation and the use of its token are one transaction: a bad invitation leaves nothing behind. Publishes
 * `new_user` and the join's events after commit; returns the user as they see themselves.
 */
export async function createUserFromSignup(
  ctx: AppContext,
  admin: Actor | undefined,
  input: NewUserInput,
  invite: SignUpInvite,
): Promise<User> {
  const cfg = ctx.config();
  const isAdmin = !!admin && hasSystemPermission(ctx, admin, Permissions.MANAGE_SYSTEM);
  const firstUser = (await ctx.store.users.count()) === 0;
  if (!isAdmin && !firstUser) {
    if (!cfg.TeamSettings.EnableUserCreation) throw appError('api.user.create_user.signup_email_disabled.app_error', 'CreateUser');
    if (!cfg.EmailSettings.EnableSignUpWithEmail) throw appError('api.user.create_user.signup_email_disabled.app_error', 'CreateUser');
    if (!invite.token && !invite.inviteId && !cfg.TeamSettings.EnableOpenServer)
      throw appError('api.user.create_user.no_open_server', 'CreateUserFromSignup');
  }
  const user = await newUserFrom(ctx, input);
  if (firstUser) user.roles = 'system_admin system_user';
  const guestInvite = invite.token ? await guestInvitation(ctx, invite.token) : undefined;
  if (guestInvite) await prepareGuestSignup(ctx, user, guestInvite);
  try {
    await inTransaction(ctx, async (tx) => {
      await tx.store.users.save(user);
      tx.events.publish(wsEvent(WsEvents.NewUser, { user_id: user.id }, {}));
      if (guestInvite) await joinGuestFromInvitation(tx, user, guestInvite);
      else if (invite.token || invite.inviteId) await joinUserToTeamFromInvite(tx, user, { ...invite, isGuest: false });
    });
  } catch (err) {
    // Looked up after the rollback: a PostgreSQL transaction answers nothing once a statement in it failed.
    throw isUniqueViolation(err) ? await duplicateUserError(ctx, user.username, 'createUser') : err;
  }
  afterSignupVerification(ctx, user);
  return sanitizeUser(ctx, user, { userId: user.id, isAdmin: true });
}
