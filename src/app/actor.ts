// Who is acting: what every use-case in app/ takes instead of an HTTP context, so a person, a bot, an integration
// and a job go through the same use-cases and the same permission rules (app/authz.ts).
import type { Session } from '../model/types.ts';

export interface Actor {
  readonly userId: string;
  /** System roles, space-separated ("system_user system_admin"); team and channel roles are looked up per rule. */
  readonly roles: string;
  /** The session the request or socket came with; absent for integrations and jobs. */
  readonly sessionId?: string;
  readonly session?: Session;
  /** A bot account acting through its token. */
  readonly isBot: boolean;
  /** An integration acting on a user's behalf (incoming webhook, slash command, job), not that user's own client. */
  readonly isIntegration: boolean;
  /** The client's address, for audit rows (set by the HTTP layer; absent for jobs). */
  readonly ipAddress?: string;
}

export function actorFromSession(session: Session): Actor {
  return {
    userId: session.user_id,
    roles: session.roles,
    sessionId: session.id,
    session,
    isBot: session.props?.is_bot === 'true',
    isIntegration: false,
  };
}

/** An integration (webhook, command) acting as `userId` with that user's system roles. */
export function integrationActor(userId: string, roles: string): Actor {
  return { userId, roles, isBot: false, isIntegration: true };
}

/** No one: what a route that needs no session (login, sign-up) acts as until it knows better. */
export const ANONYMOUS: Actor = Object.freeze({ userId: '', roles: '', isBot: false, isIntegration: false });
