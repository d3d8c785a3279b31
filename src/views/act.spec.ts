import type { Response } from 'express';
import { AppError, CommonErrors } from '../common/errors/app-error';
import { act } from './act';

/** A response that records the redirect it was given. */
function response() {
  const sent: { status?: number; location?: string } = {};
  const res = {
    redirect: (status: number, location: string) => Object.assign(sent, { status, location }),
  } as unknown as Response;
  return { res, sent };
}

describe('act', () => {
  it('redirects to the page with the notice after the action', async () => {
    const { res, sent } = response();
    await act(res, { back: '/meetings/1#agenda', notice: '保存しました。' }, async () => 'ok');
    expect(sent).toEqual({
      status: 303,
      location: `/meetings/1?notice=${encodeURIComponent('保存しました。')}#agenda`,
    });
  });

  it('names what the action returned in the notice, and may go elsewhere', async () => {
    const { res, sent } = response();
    await act(res, { back: '/a', next: (n: number) => `/b/${n}`, notice: (n) => `${n}件` }, async () => 7);
    expect(sent.location).toBe(`/b/7?notice=${encodeURIComponent('7件')}`);
  });

  it('goes back with the refusal and every field message at the top', async () => {
    const { res, sent } = response();
    await act(res, { back: '/minutes/1', notice: '保存しました。' }, async () => {
      throw CommonErrors.validation([{ field: 'text', messages: ['20000 文字以内で入力してください'] }]);
    });
    expect(sent.status).toBe(303);
    expect(decodeURIComponent(sent.location!)).toBe(
      '/minutes/1?error=入力内容に誤りがあります。各項目のメッセージを確認してください。 20000 文字以内で入力してください',
    );
  });

  it('re-renders the form with the messages beside the fields when asked', async () => {
    const { res, sent } = response();
    const rerendered: unknown[] = [];
    await act(
      res,
      { back: '/x', notice: 'ok', rerender: (errors, e) => void rerendered.push(errors, e.status) },
      async () => {
        throw CommonErrors.validation([{ field: 'name', messages: ['入力してください'] }]);
      },
    );
    expect(rerendered).toEqual([{ name: ['入力してください'] }, 400]);
    expect(sent).toEqual({});
  });

  it('leaves server errors to the error filter', async () => {
    const { res } = response();
    const failure = new AppError('INTERNAL', 500, '内部エラー');
    await expect(act(res, { back: '/x', notice: 'ok' }, async () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    await expect(
      act(res, { back: '/x', notice: 'ok' }, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
  });
});
