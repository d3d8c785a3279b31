import type { Request } from 'express';
import type { AuditEntry, AuditService } from '../audit/audit.service';
import { REFUSALS_PER_ADDRESS, RefusalAuditService } from './refusal-audit.service';

function recorder() {
  const entries: AuditEntry[] = [];
  const audit = { enqueue: (e: AuditEntry) => entries.push(e) } as unknown as AuditService;
  const service = new RefusalAuditService(audit);
  let clock = 1_000_000;
  service.now = () => clock;
  return { service, entries, advance: (ms: number) => (clock += ms) };
}

const req = (ip: string, path = '/api/cases') =>
  ({ ip, path, method: 'GET', originalUrl: `${path}?q=1` }) as unknown as Request;

describe('RefusalAuditService', () => {
  it('writes one entry per refused request, with method, path, status and code', () => {
    const { service, entries } = recorder();
    const r = req('192.0.2.1');
    service.refused(r, 'access.denied', { status: 401, code: 'UNAUTHENTICATED' });
    service.refused(r, 'write.refused', { status: 401 });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        ip: '192.0.2.1',
        status: 401,
        detail: expect.objectContaining({ method: 'GET', path: '/api/cases', code: 'UNAUTHENTICATED' }),
      }),
    ]);
    service.onModuleDestroy();
  });

  it('coalesces a flood from one address into a capped number of entries and one summary', () => {
    const { service, entries, advance } = recorder();
    for (let i = 0; i < 200; i++) service.refused(req('192.0.2.2'), 'access.denied', { status: 401 });
    service.refused(req('192.0.2.3'), 'access.denied', { status: 401 });
    expect(entries.filter((e) => e.ip === '192.0.2.2')).toHaveLength(REFUSALS_PER_ADDRESS);
    expect(entries.filter((e) => e.ip === '192.0.2.3')).toHaveLength(1);
    advance(61_000);
    service.refused(req('192.0.2.2'), 'access.denied', { status: 401 });
    const summary = entries.find((e) => e.action === 'refusal.omitted');
    expect(summary).toMatchObject({ ip: '192.0.2.2', detail: { omitted: 200 - REFUSALS_PER_ADDRESS } });
    expect(String(summary?.detail?.message)).toContain('180 件を省略');
    // The new minute has its own budget again.
    expect(entries.at(-1)).toMatchObject({ action: 'access.denied', ip: '192.0.2.2' });
    service.onModuleDestroy();
  });

  it('leaves refused logins to the login audit, in any spelling of the path', () => {
    const { service, entries } = recorder();
    service.refused(req('192.0.2.4', '/API/auth/login/'), 'write.refused', { status: 401 });
    service.refused(req('192.0.2.4', '/api/auth/login'), 'rate.limited', { status: 429 });
    expect(entries.map((e) => e.action)).toEqual(['rate.limited']);
    service.onModuleDestroy();
  });
});
