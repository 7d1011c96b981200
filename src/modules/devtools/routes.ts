/**
 * Development only (never registered in production or with a real SMS gateway): the messages
 * the console SMS adapter would have sent, as JSON and as a page, so a developer can read the
 * one-time code without a phone.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleContext } from '../moduleContext.js';
import type { ConsoleSmsSender } from '../../platform/sms/smsSender.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const devtoolsRoutes: FastifyPluginAsyncTypebox<ModuleContext & { inbox: ConsoleSmsSender }> = async (app, ctx) => {
  app.get('/api/v1/dev/sms-inbox', {
    schema: {
      tags: ['development'], summary: 'Messages held by the console SMS adapter (development only)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ to: Type.String(), text: Type.String(), sentAt: Type.String() })) }) },
    },
  }, async () => ({ items: [...ctx.inbox.inbox()] }));

  app.get('/dev/sms', { schema: { hide: true } }, async (_request, reply) => {
    const rows = ctx.inbox.inbox()
      .map((m) => `<tr><td>${escapeHtml(m.sentAt)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.text)}</td></tr>`)
      .join('');
    const body = rows || '<tr><td colspan="3">Chưa có tin nhắn nào. / No messages yet.</td></tr>';
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="5">
<title>Hộp thư SMS (phát triển) / SMS inbox (development)</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.4rem;text-align:left}</style></head>
<body><main><h1>Hộp thư SMS — chỉ dùng khi phát triển</h1><p>SMS inbox — development only. Tin nhắn không được gửi thật; trang tự làm mới sau 5 giây.</p>
<table><thead><tr><th scope="col">Thời gian / Time</th><th scope="col">Số / To</th><th scope="col">Nội dung / Text</th></tr></thead><tbody>${body}</tbody></table></main></body></html>`);
  });
};
