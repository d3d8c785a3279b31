import { SetMetadata } from '@nestjs/common';
import type { AuditAction } from './audit.service';

export const AUDIT_TARGET = 'audit:target';
export const AUDIT_ACTION = 'audit:action';
export const AUDIT_SKIP = 'audit:skip';

/** The kind of record a controller's routes act on (`case`, `user`, …); `:id` is the target id. */
export const AuditTarget = (targetType: string) => SetMetadata(AUDIT_TARGET, targetType);
/** Overrides the action derived from the HTTP method (e.g. `download`, `state.change`). */
export const AuditAs = (action: AuditAction) => SetMetadata(AUDIT_ACTION, action);
/** The route audits explicitly in its service (login, logout) or is pure infrastructure (health). */
export const NoAudit = () => SetMetadata(AUDIT_SKIP, true);
