import { Writable } from 'node:stream';
import pino from 'pino';
import { logDestination } from './log-format';

function capture(): { sink: Writable; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { sink, lines };
}

describe('log format', () => {
  it('a developer at a terminal reads plain lines, not JSON', () => {
    const { sink, lines } = capture();
    const stream = logDestination('development', true, sink);
    expect(stream).toBeDefined();
    const log = pino(stream!);
    log.info({ caseId: 'c-1' }, '事案を保存しました');
    const out = lines.join('');
    expect(out).toContain('事案を保存しました');
    expect(out).toMatch(/INFO/);
    expect(() => JSON.parse(out)).toThrow();
  });

  it('a request is one short line with its method, path, status and time', () => {
    const { sink, lines } = capture();
    const log = pino(logDestination('development', true, sink)!);
    log.info(
      {
        req: { method: 'GET', url: '/cases', headers: { cookie: 'secret' } },
        res: { statusCode: 200 },
        responseTime: 12,
      },
      'request completed',
    );
    const out = lines.join('');
    expect(out).toContain('request completed GET /cases → 200 (12 ms)');
    expect(out).not.toContain('cookie');
  });

  it.each([
    ['production at a terminal', 'production', true],
    ['development piped to a file or a service', 'development', false],
    ['development without a known terminal', 'development', undefined],
    ['tests', 'test', true],
  ] as const)('%s gets JSON lines', (_label, env, tty) => {
    expect(logDestination(env, tty)).toBeUndefined();
    const { sink, lines } = capture();
    pino(sink).info({ caseId: 'c-1' }, '事案を保存しました');
    expect(JSON.parse(lines[0])).toMatchObject({ msg: '事案を保存しました', caseId: 'c-1' });
  });
});
