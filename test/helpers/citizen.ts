/** Registers a citizen through the real phone + code flow and returns their bearer header. */
import assert from 'node:assert/strict';
import type { TestContext } from './testApp.js';

let counter = 0;

export async function registerCitizen(ctx: TestContext, displayName = 'Nguyễn Văn Dân'): Promise<{ authorization: string; userId: string; phone: string; token: string }> {
  counter += 1;
  const digits = String(2000000 + counter * 7 + (process.pid % 1000) * 1000).slice(-7);
  const phone = `+8497${digits}`;
  const remoteAddress = `10.77.${counter % 250}.${(process.pid % 250) + 1}`;
  const started = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/start', payload: { phone }, remoteAddress });
  assert.equal(started.statusCode, 200, started.body);
  const inbox = (await ctx.app.inject({ url: '/api/v1/dev/sms-inbox' })).json() as { items: Array<{ to: string; text: string }> };
  const code = /(\d{6})/.exec(inbox.items.find((m) => m.to === phone)!.text)![1]!;
  const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: started.json().challengeId, code, displayName }, remoteAddress });
  assert.equal(verified.statusCode, 200, verified.body);
  const { token, user } = verified.json();
  return { authorization: `Bearer ${token}`, userId: user.id, phone, token };
}
