import { PLATFORM_ADMIN, type PlatformAdmin, type Role } from '../users/role';

/** The authenticated principal attached to a request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  mustChangePassword: boolean;
  previousLoginAt: Date | null;
  sessionId: string;
  /** The council the user belongs to: the council context of each of their requests. */
  councilId: number;
}

/**
 * The platform administrator signed in: no council, no department. Its requests run with no council
 * in context (row-level security then shows no council-owned row), and the guard admits it only to
 * the routes marked `@PlatformAdminOnly()` or `@AllowPlatformAdmin()`.
 */
export interface PlatformAdminUser extends Omit<AuthUser, 'role' | 'councilId'> {
  role: PlatformAdmin;
  councilId: null;
}

/** Whoever the JWT strategy authenticated: a council's user or the platform administrator. */
export type Principal = AuthUser | PlatformAdminUser;

export function isPlatformAdmin(p: Principal | undefined | null): p is PlatformAdminUser {
  return p?.role === PLATFORM_ADMIN;
}
