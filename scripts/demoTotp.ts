/**
 * Prints the current second-factor code of a demo official, so the demo can be tried without an
 * authenticator app. Demo secrets are derived from the username (see demoAccounts.ts); this
 * refuses to run with NODE_ENV=production, where there are no demo accounts.
 *
 * Usage: npm run demo:totp -- <username>     (no username: every demo official)
 */
import { loadCityPack } from '../src/cities/cityPack.js';
import { demoOfficials, demoTotpSecret } from '../src/modules/accounts/demoAccounts.js';
import { TOTP_PERIOD_SECONDS, totpCode } from '../src/platform/auth/totp.js';

if (process.env.NODE_ENV === 'production' || process.env.DEMO_MODE === 'false') {
  console.error('demo:totp: demo accounts do not exist in production (NODE_ENV=production or DEMO_MODE=false); refusing.');
  process.exit(1);
}

const { settings } = loadCityPack(process.env.CITY || 'hanoi');
const usernames = demoOfficials(`${settings.wardUnit.codePrefix}${settings.demo.wardId}`, settings.demo.departmentCode).map((o) => o.username);
const asked = process.argv[2]?.trim().toLowerCase();

if (asked && !usernames.includes(asked)) {
  console.error(`demo:totp: "${asked}" is not a demo official. Demo officials: ${usernames.join(', ')}`);
  process.exit(1);
}

const now = Date.now();
const secondsLeft = TOTP_PERIOD_SECONDS - Math.floor(now / 1000) % TOTP_PERIOD_SECONDS;
if (asked) {
  console.log(totpCode(demoTotpSecret(asked), now));
  console.error(`(valid for ${secondsLeft} s more, and 30 s either side; each code works once)`);
} else {
  for (const username of usernames) console.log(`${totpCode(demoTotpSecret(username), now)}  ${username}`);
  console.error(`(valid for ${secondsLeft} s more; each code works once)`);
}
