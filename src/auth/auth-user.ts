import type { Role } from '../users/role';

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
}
