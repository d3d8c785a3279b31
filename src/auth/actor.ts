import type { AuditActor } from '../audit/audit.service';
import type { Principal } from './auth-user';

/** How a signed-in user (a council's user or the platform administrator) is named in the audit log. */
export function actorOf(u: Pick<Principal, 'id' | 'username' | 'role'>): AuditActor {
  return { id: u.id, name: u.username, role: u.role };
}
