import type { AuditActor } from '../audit/audit.service';
import type { AuthUser } from './auth-user';

/** How a signed-in user is named in the audit log. */
export function actorOf(u: AuthUser): AuditActor {
  return { id: u.id, name: u.username, role: u.role };
}
