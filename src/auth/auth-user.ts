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
  /** The council the user belongs to: the council context of each of their requests. */
  councilId: number;
}
