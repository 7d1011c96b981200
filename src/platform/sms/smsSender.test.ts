import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { ConsoleSmsSender, HttpSmsSender } from './smsSender.js';

test('the HTTP gateway adapter posts JSON with the bearer key and fails on a non-2xx answer', async () => {
  const received: Array<{ auth: string | undefined; body: unknown }> = [];
  let status = 202;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const sender = new HttpSmsSender(`http://127.0.0.1:${port}/send`, 'gateway-key', 2000);
    await sender.send('+84912345678', 'Ma xac thuc 123456');
    assert.deepEqual(received[0], { auth: 'Bearer gateway-key', body: { to: '+84912345678', text: 'Ma xac thuc 123456', sender: 'CONGDANSO' } });
    status = 500;
    await assert.rejects(sender.send('+84912345678', 'x'), /answered 500/);
  } finally {
    server.close();
  }
});

test('the console adapter keeps the newest messages, newest first, up to its limit', async () => {
  const sender = new ConsoleSmsSender(pino({ level: 'silent' }), 3);
  for (let i = 1; i <= 5; i++) await sender.send(`+8491000000${i}`, `code ${i}`);
  assert.deepEqual(sender.inbox().map((m) => m.text), ['code 5', 'code 4', 'code 3']);
});
