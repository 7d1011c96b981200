/**
 * The web shell in a real browser: the built app served by the real server (PGlite, reference
 * data loaded), driven by Debian's Chromium through playwright-core, with axe-core run inside the
 * pages. Everything waits for elements or text — no sleeps, no retries — and the page must never
 * reach a host other than the local server (the app has to work offline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startTestApp } from '../helpers/testApp.js';
import { assertAccessible, assertStayedLocal, chromiumArgs, chromiumPath, ensureWebBuilt } from './browserHarness.js';

const phone = { width: 390, height: 844 };
const hoanKiem = { lat: '21.0285', lon: '105.8542' };
const hoChiMinhCity = { lat: '10.7769', lon: '106.7009' };

test('web shell in Chromium', { timeout: 120_000 }, async (t) => {
  if (!existsSync(chromiumPath)) {
    if (process.env.CI === 'true') assert.fail(`${chromiumPath} is missing: CI must install Debian's chromium package for the browser tests`);
    t.skip('chromium not installed');
    return;
  }
  ensureWebBuilt();

  const ctx = await startTestApp('pglite', { serveWeb: true });
  let browser: Browser | undefined;
  try {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const baseURL = `http://127.0.0.1:${port}`;

    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const requestedUrls: string[] = [];
    const pageErrors: string[] = [];
    const newContext = async (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> => {
      const context = await browser!.newContext({ baseURL, viewport: phone, ...options });
      context.on('request', (request) => requestedUrls.push(request.url()));
      context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
      return context;
    };

    // The citizen's phone has granted location access and stands in Hoàn Kiếm.
    const context = await newContext({ geolocation: { latitude: 21.0285, longitude: 105.8542 }, permissions: ['geolocation'] });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const heading = page.locator('main h1');
    const htmlLang = () => page.locator('html').getAttribute('lang');

    await t.test('home renders in Vietnamese by default, with links only to what exists', async (t) => {
      await page.goto('/');
      await heading.filter({ hasText: 'Kết nối người dân với chính quyền Hà Nội' }).waitFor();
      assert.equal(await htmlLang(), 'vi');
      assert.match(await page.locator('header').innerText(), /Công dân số[\s\S]*Hà Nội/);
      assert.equal(await page.locator('nav[aria-label="Điều hướng chính"]').count(), 1);
      const tiles = page.locator('.tiles a');
      assert.deepEqual(
        (await tiles.locator('.tile__title').allInnerTexts()).map((s) => s.trim()),
        ['Lĩnh vực phản ánh', 'Tra cứu phường, xã', 'Bản đồ phường, xã', 'API'],
      );
      assert.equal(await page.locator('.tiles a[href="/api/docs"]').count(), 1);
      // The seven functions are listed as planned, never as (dead) links.
      assert.equal(await page.locator('.planned li').count(), 7);
      assert.equal(await page.locator('.planned a').count(), 0);
      assert.match(await page.title(), /Công dân số Hà Nội/);
      await assertAccessible(t, page, 'home');
    });

    await t.test('the skip link leads to the main content', async () => {
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
      assert.equal(await skip.evaluate((el) => el === el.ownerDocument.activeElement), true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#main$/);
      assert.equal(await page.locator('main').evaluate((el) => el === el.ownerDocument.activeElement), true);
    });

    await t.test('the language switch changes the text and <html lang>, and is remembered', async () => {
      await page.getByRole('button', { name: 'English' }).click();
      await heading.filter({ hasText: 'Connecting residents with the Hanoi city government' }).waitFor();
      assert.equal(await htmlLang(), 'en');
      assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
      await page.getByRole('link', { name: 'Report categories' }).waitFor();
      await page.reload();
      await heading.filter({ hasText: 'Connecting residents' }).waitFor();
      assert.equal(await htmlLang(), 'en');
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await heading.filter({ hasText: 'Kết nối người dân' }).waitFor();
      assert.equal(await htmlLang(), 'vi');
    });

    await t.test('categories: the tree in Vietnamese, priority badges, accent-insensitive search', async (t) => {
      await page.getByRole('link', { name: /Lĩnh vực phản ánh/ }).click();
      await page.waitForURL('**/categories');
      await heading.filter({ hasText: 'Lĩnh vực phản ánh' }).waitFor();
      const groups = page.locator('.category-group h2');
      await groups.filter({ hasText: 'Chiếu sáng công cộng' }).waitFor();
      const groupNames = await groups.allInnerTexts();
      assert.ok(groupNames.length >= 10, `expected the category groups, got ${groupNames.length}`);
      assert.ok(groupNames.includes('Tiếng ồn'));
      // Children sit under their group, with a localised priority badge.
      const lighting = page.locator('.category-group', { has: page.locator('h2', { hasText: 'Chiếu sáng công cộng' }) });
      await lighting.getByText('Đèn đường không sáng').waitFor();
      assert.ok(await page.locator('.badge--urgent', { hasText: 'Khẩn cấp' }).count() > 0);
      assert.ok(await page.locator('.badge--normal', { hasText: 'Thông thường' }).count() > 0);
      await assertAccessible(t, page, 'categories');

      const search = page.getByLabel('Tìm lĩnh vực');
      await search.fill('duong');
      await page.getByRole('status').filter({ hasText: /khớp với “duong”/ }).waitFor();
      await page.getByText('Ổ gà, mặt đường hư hỏng').waitFor();
      assert.ok((await groups.allInnerTexts()).includes('Đường, hè phố'));
      assert.equal(await groups.filter({ hasText: 'Tiếng ồn' }).count(), 0, 'a group with nothing about roads is filtered out');
      await search.fill('zzkhongcogi');
      await page.getByText('Không có lĩnh vực nào khớp với “zzkhongcogi”.').waitFor();
      await page.getByRole('button', { name: 'Xoá tìm kiếm' }).click();
      await groups.filter({ hasText: 'Tiếng ồn' }).waitFor();
    });

    await t.test('categories switch language with the UI', async () => {
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('.category-group h2', { hasText: 'Street lighting' }).waitFor();
      await page.locator('.badge--urgent', { hasText: 'Urgent' }).first().waitFor();
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await page.locator('.category-group h2', { hasText: 'Chiếu sáng công cộng' }).waitFor();
    });

    const result = page.getByTestId('lookup-result');

    await t.test('ward lookup: a point in Hoàn Kiếm, and a point outside the city', async (t) => {
      await page.getByRole('navigation').getByRole('link', { name: 'Phường, xã' }).click();
      await heading.filter({ hasText: 'Tra cứu phường, xã' }).waitFor();
      assert.equal(await result.getAttribute('aria-live'), 'polite');
      await assertAccessible(t, page, 'ward lookup (empty)');

      await page.getByLabel('Vĩ độ (lat)').fill(hoanKiem.lat);
      await page.getByLabel('Kinh độ (lon)').fill(hoanKiem.lon);
      await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await result.locator('.ward-result__name', { hasText: 'Hoàn Kiếm' }).waitFor();
      assert.match(await result.innerText(), /UBND phường Hoàn Kiếm/);
      assert.equal(await result.locator('.ward-result__type').textContent(), 'Phường');
      await assertAccessible(t, page, 'ward lookup (result)');

      await page.getByLabel('Vĩ độ (lat)').fill(hoChiMinhCity.lat);
      await page.getByLabel('Kinh độ (lon)').fill(hoChiMinhCity.lon);
      await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await result.getByText('nằm ngoài địa bàn Hà Nội').waitFor();
      // The server's message follows the UI language.
      await page.getByRole('button', { name: 'English' }).click();
      await result.getByText('is outside Hanoi').waitFor();
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await result.getByText('nằm ngoài địa bàn Hà Nội').waitFor();
    });

    await t.test('ward lookup: "use my location" uses the phone position', async () => {
      await page.getByRole('button', { name: 'Dùng vị trí của tôi' }).click();
      await result.locator('.ward-result__name', { hasText: 'Hoàn Kiếm' }).waitFor();
      assert.equal(await page.getByLabel('Vĩ độ (lat)').inputValue(), '21.0285');
    });

    await t.test('ward lookup: a refused location permission is explained', async () => {
      const denied = await newContext();
      try {
        const deniedPage = await denied.newPage();
        await deniedPage.goto('/wards/lookup');
        await deniedPage.getByRole('button', { name: 'Dùng vị trí của tôi' }).click();
        await deniedPage.getByRole('status').getByText('Bạn chưa cho phép truy cập vị trí').waitFor();
      } finally {
        await denied.close();
      }
    });

    await t.test('ward map: 126 ward shapes drawn without tiles, names on hover and from the keyboard', async (t) => {
      await page.goto('/wards/map');
      await heading.filter({ hasText: 'Bản đồ phường, xã' }).waitFor();
      const shapes = page.locator('svg path[data-ward-id]');
      await shapes.nth(125).waitFor();
      assert.equal(await shapes.count(), 126);
      const info = page.locator('.ward-map__info');

      await page.locator('svg path[data-ward-id="00070"]').hover();
      await info.getByText('Phường Hoàn Kiếm').waitFor();

      await page.getByLabel('Lọc theo tên').fill('ba dinh');
      await page.keyboard.press('Tab');
      await info.getByText('Phường Ba Đình').waitFor(); // focus shows the name
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: /Ba Đình/, pressed: true }).waitFor();
      assert.match(page.url(), /ward=00004/);
      assert.equal(await page.locator('svg path.ward--selected').getAttribute('data-ward-id'), '00004');
      await assertAccessible(t, page, 'ward map');
    });

    await t.test('a failed request shows an error with a retry that works', async () => {
      await page.route('**/api/v1/categories**', (route) => route.abort('connectionrefused'));
      await page.goto('/categories');
      const alert = page.getByRole('alert');
      await alert.getByText('Không kết nối được với máy chủ').waitFor();
      await page.unroute('**/api/v1/categories**');
      await alert.getByRole('button', { name: 'Thử lại' }).click();
      await page.locator('.category-group h2', { hasText: 'Chiếu sáng công cộng' }).waitFor();
    });

    await t.test('an unknown route shows the 404 page', async () => {
      await page.goto('/khong-co-trang-nay');
      await heading.filter({ hasText: 'Không tìm thấy trang' }).waitFor();
      await page.getByRole('link', { name: 'Về trang chủ' }).click();
      await heading.filter({ hasText: 'Kết nối người dân' }).waitFor();
    });

    await t.test('the pages reached no host but the local server, and threw no errors', () => {
      assertStayedLocal(requestedUrls, pageErrors);
    });
  } finally {
    await browser?.close();
    await ctx.close();
  }
});
