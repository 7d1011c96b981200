/** Signs people in against a running server, the way clients do. */
import { demoTotpSecret } from '../../src/modules/accounts/demoAccounts.js';
import { totpCode } from '../../src/platform/auth/totp.js';

async function json(response: Response): Promise<Record<string, unknown>> {
  const body = await response.json() as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A citizen through phone + one-time code (read from the development SMS inbox). */
export async function citizenToken(baseUrl: string, phone: string): Promise<string> {
  const post = (path: string, body: unknown) => fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const started = await json(await post('/api/v1/auth/phone/start', { phone }));
  const inbox = await json(await fetch(`${baseUrl}/api/v1/dev/sms-inbox`)) as { items: Array<{ to: string; text: string }> };
  const e164 = `+84${phone.replace(/^0/, '')}`;
  const code = /(\d{6})/.exec(inbox.items.find((m) => m.to === e164)!.text)![1]!;
  const verified = await json(await post('/api/v1/auth/phone/verify', { challengeId: started.challengeId, code }));
  return verified.token as string;
}

/** A demo official: password, then the code of their deterministic demo TOTP secret. */
export async function demoOfficialToken(baseUrl: string, username: string): Promise<string> {
  const post = (path: string, body: unknown) => fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const step = await json(await post('/api/v1/auth/login', { username, password: 'demo-2026' }));
  const session = await json(await post('/api/v1/auth/login/totp', { challengeToken: step.challengeToken, code: totpCode(demoTotpSecret(username)) }));
  return session.token as string;
}
