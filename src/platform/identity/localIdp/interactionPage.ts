/**
 * The pages of the local stand-in VNeID: pick a demo citizen (sign-in and consent in one step),
 * and the error page. Plain HTML, no scripts, no external assets; Vietnamese with English beside.
 */
import type { DemoCitizen } from './demoCitizens.js';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Headers for every page the stand-in renders itself. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const STYLE = `
  :root { color-scheme: light; --red: #c8102e; --ink: #1d1d1f; --muted: #5b5b66; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f4f6; }
  header { background: var(--red); color: #fff; padding: 16px 20px; }
  header h1 { margin: 0; font-size: 1.25rem; }
  header p { margin: 4px 0 0; font-size: .9rem; opacity: .95; }
  main { max-width: 560px; margin: 0 auto; padding: 20px; }
  .warn { background: #fff4d6; border: 1px solid #e6c15a; border-radius: 8px; padding: 10px 14px; font-size: .9rem; }
  .en { display: block; color: var(--muted); font-size: .9em; }
  ul { list-style: none; padding: 0; margin: 16px 0; }
  li { margin: 0 0 10px; }
  button { font: inherit; cursor: pointer; }
  .citizen { width: 100%; text-align: left; background: #fff; border: 1px solid #d0d0d8; border-radius: 10px; padding: 12px 16px; }
  .citizen:hover, .citizen:focus-visible { border-color: var(--red); outline: 2px solid var(--red); outline-offset: 1px; }
  .citizen span { display: block; }
  .name { font-weight: 600; font-size: 1.05rem; }
  .meta { color: var(--muted); font-size: .9rem; }
  .cancel { background: none; border: 1px solid #9a9aa5; border-radius: 8px; padding: 8px 16px; }
  dl { font-size: .9rem; } dt { font-weight: 600; }
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>VNeID — máy chủ định danh thử nghiệm</h1>
  <p lang="en">VNeID — local stand-in identity provider</p>
</header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface ChooseCitizenPage {
  clientName: string;
  scopes: string[];
  citizens: readonly DemoCitizen[];
  submitUrl: string;
}

/** The sign-in page: one button per demo citizen, and a cancel button. */
export function renderChooseCitizen(page: ChooseCitizenPage): string {
  const items = page.citizens.map((c) => `
    <li>
      <button class="citizen" type="submit" name="citizen" value="${escapeHtml(c.sub)}">
        <span class="name">${escapeHtml(c.name)}</span>
        <span class="meta">CCCD ${escapeHtml(c.citizen_id)} · ${escapeHtml(c.birthdate)} · ${escapeHtml(c.phone_number)}</span>
        <span class="meta">${escapeHtml(c.note.vi)}</span>
        <span class="meta en" lang="en">${escapeHtml(c.note.en)}</span>
      </button>
    </li>`).join('');
  return layout('Đăng nhập VNeID (thử nghiệm) — Sign in with VNeID (stand-in)', `
  <p class="warn">
    Đây là máy chủ giả lập chỉ dùng khi phát triển và kiểm thử. Dữ liệu công dân dưới đây là dữ liệu mẫu, không phải VNeID thật.
    <span class="en" lang="en">This is a stand-in for development and tests. The citizens below are made up; this is not the real VNeID.</span>
  </p>
  <h2>Chọn công dân để đăng nhập <span class="en" lang="en">Choose a citizen to sign in as</span></h2>
  <p>
    Ứng dụng <strong>${escapeHtml(page.clientName)}</strong> sẽ nhận họ tên, ngày sinh, giới tính, số điện thoại và số định danh của công dân bạn chọn.
    <span class="en" lang="en">The application <strong>${escapeHtml(page.clientName)}</strong> will receive the chosen citizen's name, date of birth, gender, phone number and ID number.</span>
  </p>
  <dl><dt>Phạm vi / Scopes</dt><dd>${page.scopes.map(escapeHtml).join(' ')}</dd></dl>
  <form method="post" action="${escapeHtml(page.submitUrl)}">
    <ul>${items}
    </ul>
    <button class="cancel" type="submit" name="action" value="cancel">Hủy <span lang="en">/ Cancel</span></button>
  </form>`);
}

/** Any failure of the stand-in (expired interaction, bad request…). */
export function renderErrorPage(details: Record<string, unknown>): string {
  const rows = Object.entries(details).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return layout('Lỗi — Error', `
  <h2>Không thể tiếp tục đăng nhập <span class="en" lang="en">The sign-in cannot go on</span></h2>
  <p>
    Phiên đăng nhập có thể đã hết hạn. Hãy quay lại ứng dụng và thử lại.
    <span class="en" lang="en">The sign-in may have expired. Go back to the application and try again.</span>
  </p>
  <dl>${rows}</dl>`);
}
