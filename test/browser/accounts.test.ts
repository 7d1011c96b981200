/**
 * Accounts in a real browser: the built app served by the real server (PGlite, demo accounts on),
 * driven by Debian's Chromium through playwright-core, axe-core run inside the pages.
 *
 * A citizen registers by phone and code (read from the development SMS inbox), verifies their
 * identity (a refused gender first), switches to English, sets a password, manages sessions from
 * two devices, signs out and in again, downloads and deletes their data. A demo official signs in
 * with password and an authenticator code computed here; a new official sets up the authenticator
 * and replaces the initial password. A citizen signs in with the stand-in VNeID.
 *
 * Everything waits for elements, URLs or text — no sleeps; "a minute later" is made by moving the
 * last code's send time back in the database. The pages must reach no host but 127.0.0.1.
 * SCREENSHOTS=<dir> saves phone-sized screenshots of the main steps there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { authChallenges } from '../../src/db/schema/index.js';
import { loadCityPack } from '../../src/cities/cityPack.js';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/modules/accounts/demoAccounts.js';
import { totpCode } from '../../src/platform/auth/totp.js';
import { asCityAdmin, startTestApp } from '../helpers/testApp.js';
import { assertAccessible, assertStayedLocal, chromiumArgs, chromiumPath, ensureWebBuilt } from './browserHarness.js';
import { freePort } from '../helpers/freePort.js';

const phoneViewport = { width: 390, height: 844 };
const screenshotDir = process.env.SCREENSHOTS;

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}


/** A mobile number nobody used in this run: 09x plus random digits, typed the way people do. */
function freshPhone(): { typed: string; e164: string } {
  const national = `9${randomInt(1, 10)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return { typed: `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`, e164: `+84${national}` };
}

/** An authenticator code that differs from the right one (for the "wrong code" checks). */
function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}


test('accounts in Chromium', { timeout: 180_000 }, async (t) => {
  if (!existsSync(chromiumPath)) {
    if (process.env.CI === 'true') assert.fail(`${chromiumPath} is missing: CI must install Debian's chromium package for the browser tests`);
    t.skip('chromium not installed');
    return;
  }
  ensureWebBuilt();

  // VNeID sends the browser back to PUBLIC_BASE_URL, so the server must know its port before it
  // starts; the stand-in VNeID takes any free port, so parallel test files do not collide.
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const ctx = await startTestApp('pglite', { serveWeb: true, demoMode: true, publicBaseUrl: baseURL, vneidLocalPort: 0 });
  let browser: Browser | undefined;
  try {
    await ctx.app.listen({ host: '127.0.0.1', port });

    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const requestedUrls: string[] = [];
    const pageErrors: string[] = [];
    const newContext = async (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> => {
      const context = await browser!.newContext({ baseURL, viewport: phoneViewport, locale: 'vi-VN', ...options });
      context.on('request', (request) => requestedUrls.push(request.url()));
      context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
      return context;
    };
    const newPage = async (context: BrowserContext): Promise<Page> => {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    };

    /** Messages the development SMS inbox holds for a number, newest first. */
    const smsTo = async (e164: string): Promise<string[]> => {
      const inbox = await (await fetch(`${baseURL}/api/v1/dev/sms-inbox`)).json() as { items: Array<{ to: string; text: string }> };
      return inbox.items.filter((m) => m.to === e164).map((m) => m.text);
    };
    /** The code in the newest message to a number, once there are more than `seenBefore`. */
    const latestCode = async (e164: string, seenBefore = 0): Promise<string> => {
      const messages = await smsTo(e164);
      assert.ok(messages.length > seenBefore, `no new SMS to ${e164}`);
      const code = /(\d{6})/.exec(messages[0]!)?.[1];
      assert.ok(code, `no 6-digit code in "${messages[0]}"`);
      return code;
    };

    const citizen = freshPhone();
    const context = await newContext();
    const page = await newPage(context);
    const heading = page.locator('main h1');
    const header = page.locator('header');
    const accountBar = page.locator('.account-bar');

    await t.test('a guarded page sends a signed-out visitor to sign in, and back afterwards', async (t) => {
      await page.goto('/');
      await header.getByRole('link', { name: 'Đăng nhập' }).waitFor();
      await page.goto('/profile');
      await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/profile');
      await heading.filter({ hasText: 'Đăng nhập' }).waitFor();
      await accountBar.getByText('Bạn chưa đăng nhập').waitFor();
      // VNeID is on (the stand-in): a plain link that comes back to the page asked for.
      assert.equal(await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).getAttribute('href'), '/api/v1/auth/vneid/start?returnTo=%2Fprofile');
      assert.equal(await page.getByRole('link', { name: 'Cán bộ đăng nhập' }).count(), 1);
      await screenshot(page, 'sign-in-phone');
      await assertAccessible(t, page, 'sign-in');
    });

    const phoneField = page.getByLabel('Số điện thoại di động');

    await t.test('a number that is not a Vietnamese mobile is refused next to the field', async () => {
      await phoneField.fill('0212 345 678');
      await page.getByRole('button', { name: 'Gửi mã' }).click();
      const errorId = (await phoneField.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
      assert.ok(errorId, 'the field points at its error');
      const error = page.locator(`[id="${errorId}"]`);
      await error.getByText('Không phải số di động Việt Nam').waitFor();
      assert.equal(await error.getAttribute('aria-live'), 'polite');
      assert.equal(await phoneField.getAttribute('aria-invalid'), 'true');
    });

    const codeField = page.getByLabel('Mã xác thực', { exact: true });

    await t.test('registering by phone: a code, a wrong code refused, then signed in at level 1', async (t) => {
      await phoneField.fill(citizen.typed);
      await page.getByRole('button', { name: 'Gửi mã' }).click();
      await page.getByRole('heading', { name: 'Nhập mã xác thực' }).waitFor();
      await page.getByText(`đã được gửi tới ${citizen.typed}`).waitFor();
      assert.equal(await codeField.getAttribute('inputmode'), 'numeric');
      assert.equal(await codeField.getAttribute('autocomplete'), 'one-time-code');
      assert.equal(await codeField.evaluate((el) => el === el.ownerDocument.activeElement), true, 'focus moves to the code');
      // Resending waits for the server's resendAfter, counting down.
      const resend = page.getByRole('button', { name: 'Gửi lại mã' });
      assert.equal(await resend.getAttribute('aria-disabled'), 'true');
      await page.getByText(/Bạn có thể yêu cầu mã mới sau \d+ giây/).waitFor();
      await screenshot(page, 'sign-in-code');
      await assertAccessible(t, page, 'sign-in (code step)');

      const code = await latestCode(citizen.e164);
      await codeField.fill(wrongCode(code));
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      await page.locator('.field', { has: codeField }).locator('[aria-live="polite"]')
        .getByText('Mã xác thực không đúng hoặc đã hết hạn.').waitFor();

      await codeField.fill(code);
      await page.getByLabel('Tên hiển thị (không bắt buộc)').fill('Lê Thị Thử');
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      await page.waitForURL('**/profile');
      await heading.filter({ hasText: 'Tài khoản của tôi' }).waitFor();
      await accountBar.getByRole('link', { name: /Lê Thị Thử/ }).waitFor();
      await accountBar.locator('.badge--level', { hasText: 'Mức 1' }).waitFor();
    });

    await t.test('profile: the identity level explained, no serious accessibility problem', async (t) => {
      const identity = page.locator('section', { has: page.getByRole('heading', { name: 'Mức định danh', level: 2 }) });
      await identity.locator('.levels__item--current', { hasText: 'Đã xác thực số điện thoại' }).waitFor();
      assert.match(await identity.locator('.levels__item').nth(2).innerText(), /phản ánh thủ tục hành chính/);
      await screenshot(page, 'profile');
      await assertAccessible(t, page, 'profile');
    });

    await t.test('identity: a gender that does not match the ID number is refused at the gender field, then level 2', async () => {
      const form = page.locator('form.identity-form');
      await form.getByLabel('Số định danh cá nhân (CCCD)').fill('001090123456'); // Hà Nội, male born 1990
      await form.getByLabel('Họ và tên').fill('Lê Văn Thử');
      await form.getByLabel('Ngày sinh').fill('1990-05-12');
      await form.getByRole('radio', { name: 'Nữ' }).check();
      await form.getByRole('button', { name: 'Xác thực danh tính' }).click();
      const gender = form.getByRole('group', { name: 'Giới tính' });
      await gender.locator('[aria-live="polite"]').getByText('Không khớp với giới tính trong số định danh').waitFor();
      assert.equal(await form.getByRole('radio', { name: 'Nữ' }).getAttribute('aria-invalid'), 'true');
      // The other fields were accepted: nothing is said about them.
      assert.equal(await form.getByLabel('Số định danh cá nhân (CCCD)').getAttribute('aria-invalid'), null);
      await screenshot(page, 'profile-identity-error');

      await form.getByRole('radio', { name: 'Nam', exact: true }).check();
      await form.getByRole('button', { name: 'Xác thực danh tính' }).click();
      await page.getByRole('status').getByText('Đã xác thực danh tính').waitFor();
      const facts = page.getByTestId('identity-facts');
      await facts.getByText('********3456').waitFor();
      assert.equal(await facts.getByText('001090123456').count(), 0, 'the full number is not shown');
      await accountBar.locator('.badge--level', { hasText: 'Mức 2' }).waitFor();
    });

    await t.test('a picture: preview, upload, shown from the server', async () => {
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#b3261e' } }).png().toBuffer();
      await page.getByLabel('Ảnh đại diện', { exact: true }).setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: png });
      await page.getByRole('img', { name: 'Ảnh vừa chọn' }).waitFor();
      await page.getByRole('button', { name: 'Lưu ảnh' }).click();
      await page.getByRole('status').getByText('Đã lưu ảnh đại diện.').waitFor();
      const current = page.getByRole('img', { name: 'Ảnh đại diện hiện tại' });
      await current.waitFor();
      assert.match(await current.getAttribute('src') ?? '', /^\/api\/v1\/me\/avatar\?v=\d+$/);
      // The server's square 256 px WebP has loaded in the page.
      await page.waitForFunction(`(() => {
        const img = document.querySelector('img[src^="/api/v1/me/avatar"]');
        return img !== null && img.complete && img.naturalWidth === 256;
      })()`);
    });

    await t.test('language: English for the app and the account, then back', async () => {
      await page.getByRole('radio', { name: 'English' }).check();
      await heading.filter({ hasText: 'My account' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await accountBar.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('heading', { name: 'Identity level', level: 2 }).waitFor();
      await page.getByText('Saved.').first().waitFor();
      const profile = await (await page.request.get('/api/v1/me')).json() as { language: string };
      assert.equal(profile.language, 'en');
      await page.getByRole('radio', { name: 'Tiếng Việt' }).check();
      await heading.filter({ hasText: 'Tài khoản của tôi' }).waitFor();
    });

    await t.test('notification preferences are saved as they are ticked', async () => {
      const sms = page.getByRole('checkbox', { name: /Tin nhắn SMS/ });
      const before = await sms.isChecked();
      await sms.setChecked(!before);
      await page.locator('fieldset', { hasText: 'Nhận thông báo qua' }).getByRole('status').getByText('Đã lưu.').waitFor();
      const profile = await (await page.request.get('/api/v1/me')).json() as { notificationPreferences: { sms: boolean } };
      assert.equal(profile.notificationPreferences.sms, !before);
    });

    const password = 'mat-khau-thu-2026';

    await t.test('an optional password, then sessions on two devices: list, "this device", revoke the other', async (t) => {
      await page.getByRole('heading', { name: 'Đặt mật khẩu (không bắt buộc)' }).waitFor();
      await page.getByLabel('Mật khẩu mới', { exact: true }).fill(password);
      await page.getByLabel('Nhập lại mật khẩu mới').fill(password);
      await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
      await page.getByText('Đã lưu mật khẩu mới.').waitFor();
      await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();

      // A second device signs in with number and password.
      const other = await newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
      try {
        const otherPage = await newPage(other);
        await otherPage.goto('/sign-in');
        await otherPage.getByRole('button', { name: /đăng nhập bằng mật khẩu/ }).click();
        await otherPage.getByLabel('Số điện thoại di động').fill(citizen.e164);
        await otherPage.getByLabel('Mật khẩu', { exact: true }).fill(password);
        await otherPage.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
        await otherPage.waitForURL('**/profile');
        await otherPage.locator('.account-bar').getByText('Lê Thị Thử').waitFor();

        await page.reload();
        const sessions = page.getByRole('list', { name: '2 phiên đăng nhập' });
        await sessions.waitFor();
        const mine = sessions.getByRole('listitem').filter({ has: page.locator('.badge', { hasText: 'Thiết bị này' }) });
        assert.equal(await mine.count(), 1);
        assert.match(await mine.innerText(), /Đăng nhập bằng mã qua tin nhắn/);
        const iphone = sessions.getByRole('listitem').filter({ hasText: 'Safari · iOS' });
        assert.match(await iphone.innerText(), /Đăng nhập bằng mật khẩu/);
        await screenshot(page, 'profile-sessions');
        await assertAccessible(t, page, 'profile (two sessions)');
        await iphone.getByRole('button', { name: /Đăng xuất thiết bị này/ }).click();
        await page.getByRole('list', { name: '1 phiên đăng nhập' }).waitFor();

        // The other device finds itself signed out at its next request, and is asked to sign in again.
        await otherPage.getByRole('button', { name: 'Lưu tên' }).click();
        await otherPage.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/profile');
      } finally {
        await other.close();
      }
    });

    await t.test('"download my data" gives the account as JSON', async () => {
      const link = page.getByRole('link', { name: 'Tải dữ liệu của tôi' });
      assert.equal(await link.getAttribute('href'), '/api/v1/me/export');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.match(download.suggestedFilename(), /^cong-dan-so-.+\.json$/);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { account: { phone: string; displayName: string } };
      assert.equal(exported.account.phone, citizen.e164);
      assert.equal(exported.account.displayName, 'Lê Thị Thử');
    });

    await t.test('sign out from the header', async () => {
      await accountBar.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('status').getByText('Bạn đã đăng xuất.').waitFor();
      await header.getByRole('link', { name: 'Đăng nhập' }).waitFor();
      assert.equal((await page.request.get('/api/v1/auth/me')).status(), 401);
    });

    await t.test('sign in again by phone: "too soon" is explained, then a new code a minute later', async () => {
      await header.getByRole('link', { name: 'Đăng nhập' }).click();
      await page.waitForURL('**/sign-in?returnTo=%2F');
      await phoneField.fill(citizen.e164);
      await page.getByRole('button', { name: 'Gửi mã' }).click();
      await page.locator('.field', { has: phoneField }).getByText(/Vui lòng chờ trước khi yêu cầu mã mới\. Thử lại sau \d+ giây\./).waitFor();

      // A minute later (the last code's send time moved back), a new code can be sent.
      await ctx.db.update(authChallenges).set({ createdAt: sql`${authChallenges.createdAt} - interval '2 minutes'` })
        .where(eq(authChallenges.phone, citizen.e164));
      const before = (await smsTo(citizen.e164)).length;
      await page.getByRole('button', { name: 'Gửi mã' }).click();
      await page.getByRole('heading', { name: 'Nhập mã xác thực' }).waitFor();
      await codeField.fill(await latestCode(citizen.e164, before));
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      // The same account: its name and level are kept.
      await accountBar.getByRole('link', { name: /Lê Thị Thử/ }).waitFor();
      await accountBar.locator('.badge--level', { hasText: 'Mức 2' }).waitFor();
    });

    await t.test('delete the account: a dialog (Esc closes it), then signed out at home', async (t) => {
      await accountBar.getByRole('link', { name: /Lê Thị Thử/ }).click();
      await heading.filter({ hasText: 'Tài khoản của tôi' }).waitFor();
      const open = page.getByRole('button', { name: 'Xóa tài khoản' });
      await open.click();
      const dialog = page.getByRole('dialog', { name: 'Xóa tài khoản của bạn?' });
      await dialog.waitFor();
      assert.equal(await dialog.getByRole('button', { name: 'Hủy' }).evaluate((el) => el === el.ownerDocument.activeElement), true);
      await screenshot(page, 'profile-delete-dialog', false);
      await assertAccessible(t, page, 'profile (delete dialog)');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await open.evaluate((el) => el === el.ownerDocument.activeElement), true, 'focus returns to the button');

      await open.click();
      await dialog.getByRole('button', { name: 'Xóa vĩnh viễn' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('status').getByText('Tài khoản của bạn đã được xóa.').waitFor();
      await header.getByRole('link', { name: 'Đăng nhập' }).waitFor();
      assert.equal((await page.request.get('/api/v1/auth/me')).status(), 401);
      await page.goto('/profile');
      await page.waitForURL((url) => url.pathname === '/sign-in');
    });

    await t.test('an official signs in with password and authenticator code (a wrong code first)', async (t) => {
      const official = await newContext();
      try {
        const officialPage = await newPage(official);
        await officialPage.goto('/official/sign-in');
        await officialPage.locator('main h1').filter({ hasText: 'Cán bộ đăng nhập' }).waitFor();
        await screenshot(officialPage, 'official-sign-in');
        await assertAccessible(t, officialPage, 'official sign-in');
        await officialPage.getByLabel('Tên đăng nhập').fill('admin');
        await officialPage.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
        await officialPage.getByRole('button', { name: 'Tiếp tục' }).click();
        await officialPage.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();

        await officialPage.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
        await officialPage.getByRole('button', { name: 'Tiếp tục' }).click();
        const code = officialPage.getByLabel('Mã từ ứng dụng xác thực');
        await code.waitFor();
        assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
        const right = totpCode(demoTotpSecret('admin'));
        await code.fill(wrongCode(right));
        await officialPage.getByRole('button', { name: 'Đăng nhập' }).click();
        await officialPage.getByText(/Mã xác thực không đúng hoặc đã hết hạn\. Còn 4 lần thử\./).waitFor();
        await assertAccessible(t, officialPage, 'official sign-in (code step)');

        await code.fill(totpCode(demoTotpSecret('admin')));
        await officialPage.getByRole('button', { name: 'Đăng nhập' }).click();
        await officialPage.waitForURL('**/profile');
        const bar = officialPage.locator('.account-bar');
        await bar.getByText('Quản trị thành phố (demo)').waitFor();
        await bar.locator('.badge--level', { hasText: 'Mức 2' }).waitFor();
        // Officials do not delete their own account, and have no identity form.
        await officialPage.getByText('Tài khoản cán bộ do đơn vị quản lý').waitFor();
        assert.equal(await officialPage.locator('form.identity-form').count(), 0);
      } finally {
        await official.close();
      }
    });

    await t.test('a new official sets up the authenticator, then replaces the initial password', async (t) => {
      const { authorization } = await asCityAdmin(ctx.db);
      const { settings } = loadCityPack('hanoi');
      const created = await fetch(`${baseURL}/api/v1/officials`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ username: `moi.${randomInt(1000, 9999)}`, displayName: 'Cán bộ Mới', unitCode: `${settings.wardUnit.codePrefix}${settings.demo.wardId}`, roles: ['intake'] }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { official: account, initialPassword } = await created.json() as { official: { username: string }; initialPassword: string };

      const context2 = await newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      try {
        const p = await newPage(context2);
        await p.goto('/official/sign-in?returnTo=%2Fwards%2Fmap');
        await p.getByLabel('Tên đăng nhập').fill(account.username);
        await p.getByLabel('Mật khẩu', { exact: true }).fill(initialPassword);
        await p.getByRole('button', { name: 'Tiếp tục' }).click();
        await p.getByRole('heading', { name: 'Cài đặt ứng dụng xác thực' }).waitFor();
        const shown = (await p.getByTestId('totp-secret').innerText()).trim();
        assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the key is shown in groups of four');
        assert.match(await p.locator('.otpauth').innerText(), /^otpauth:\/\/totp\//);
        await p.getByRole('button', { name: 'Sao chép khóa' }).click();
        await p.getByRole('status').getByText('Đã sao chép.').first().waitFor();
        assert.equal(await p.evaluate<string>('navigator.clipboard.readText()'), shown.replace(/ /g, ''));
        await screenshot(p, 'official-enrol');
        await assertAccessible(t, p, 'official sign-in (authenticator set-up)');

        await p.getByLabel('Mã từ ứng dụng xác thực').fill(totpCode(shown.replace(/ /g, '')));
        await p.getByRole('button', { name: 'Đăng nhập' }).click();
        await p.getByRole('heading', { name: 'Đổi mật khẩu ban đầu' }).waitFor();
        // Nothing else is open before the change: a guarded page comes back here.
        await p.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
        await p.getByLabel('Nhập lại mật khẩu mới').fill('ngan');
        await p.getByRole('button', { name: 'Lưu mật khẩu' }).click();
        await p.getByText('Mật khẩu mới cần ít nhất 10 ký tự.').waitFor();
        await p.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-rieng-cua-toi');
        await p.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-rieng-cua-toi');
        await p.getByRole('button', { name: 'Lưu mật khẩu' }).click();
        await p.waitForURL('**/wards/map');
        await p.locator('.account-bar').getByText('Cán bộ Mới').waitFor();
      } finally {
        await context2.close();
      }
    });

    await t.test('a citizen signs in with the stand-in VNeID, lands on the profile at level 2, signs out everywhere', async () => {
      const context3 = await newContext();
      try {
        const p = await newPage(context3);
        await p.goto('/sign-in?returnTo=%2Fprofile');
        await p.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
        await p.getByRole('button', { name: /Nguyễn Văn An/ }).click();
        await p.waitForURL(`${baseURL}/profile`);
        await p.locator('.account-bar').getByText('Nguyễn Văn An').waitFor();
        await p.locator('.account-bar .badge--level', { hasText: 'Mức 2' }).waitFor();
        const facts = p.getByTestId('identity-facts');
        await facts.getByText('VNeID').waitFor();
        await facts.getByText('********2345').waitFor();

        // And signs out on every device at once.
        await p.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        await p.waitForURL((url) => url.pathname === '/');
        await p.getByRole('status').getByText('Bạn đã đăng xuất khỏi mọi thiết bị.').waitFor();
        assert.equal((await p.request.get('/api/v1/auth/me')).status(), 401);
      } finally {
        await context3.close();
      }
    });

    await t.test('the pages reached no host but 127.0.0.1, and threw no errors', () => {
      assertStayedLocal(requestedUrls, pageErrors);
    });
  } finally {
    await browser?.close();
    await ctx.close();
  }
});
