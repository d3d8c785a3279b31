import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error';
import { toProblem } from '../errors/problem';

/**
 * Requests that Node's HTTP parser rejects (oversized headers or URL, malformed request lines)
 * never reach Express. Node would answer them with an empty body; answer problem+json instead.
 */
export function clientErrorProblem(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW')
    return new AppError(
      'HEADERS_TOO_LARGE',
      431,
      'リクエストの URL またはヘッダーが長すぎます。検索条件などを短くしてください。',
    );
  return new AppError('BAD_REQUEST', 400, 'リクエストの形式が正しくありません。');
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error = clientErrorProblem(err.code);
    const body = JSON.stringify(toProblem(error));
    socket.end(
      `HTTP/1.1 ${error.status} ${error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
