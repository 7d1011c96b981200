/**
 * Fills a database with many reports quickly, in SQL (generate_series), for benchmarks:
 * categories and wards spread evenly, points jittered around ward centres, statuses in roughly
 * the proportions Hanoi reported (most resolved), dates over the past year. Works on PGlite
 * and PostgreSQL alike. Public ids use the prefix BN so they never collide with real ones.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { searchableText } from '../../src/platform/i18n/searchText.js';

const DESCRIPTIONS = [
  'Ổ gà lớn giữa đường gây nguy hiểm cho xe máy',
  'Đèn đường không sáng cả đoạn phố vào buổi tối',
  'Rác thải để lâu ngày chưa được thu gom, bốc mùi',
  'Ngập nước sau mưa, cống thoát nước bị tắc',
  'Lấn chiếm vỉa hè để kinh doanh, người đi bộ phải xuống lòng đường',
  'Cây xanh nghiêng có nguy cơ đổ vào nhà dân',
  'Công trình xây dựng không che chắn, bụi bẩn',
  'Đèn tín hiệu giao thông tại ngã tư bị hỏng',
];

export async function seedReports(db: Db, count: number, batchSize = 20_000): Promise<void> {
  for (let start = 1; start <= count; start += batchSize) {
    const end = Math.min(count, start + batchSize - 1);
    await db.execute(sql`
      with cats as (select array_agg(id order by code) as ids from categories where parent_id is not null),
           wards as (select array_agg(id order by id) as ids, array_agg(center_lat order by id) as lats,
                            array_agg(center_lon order by id) as lons, array_agg(unit_id order by id) as units from areas),
           texts as (select array[${sql.join(DESCRIPTIONS.map((d) => sql`${d}`), sql`, `)}]::text[] as t,
                            array[${sql.join(DESCRIPTIONS.map((d) => sql`${searchableText(d)}`), sql`, `)}]::text[] as folded)
      insert into reports (public_id, category_id, description, search_text, lat, lon, area_id, address_text, status,
                           priority, assigned_unit_id, accept_by, created_at, updated_at, support_count)
      select 'BN-2026-' || lpad(g::text, 7, '0'),
             cats.ids[1 + (g * 31) % array_length(cats.ids, 1)],
             texts.t[1 + g % array_length(texts.t, 1)] || ' (#' || g || ')',
             texts.folded[1 + g % array_length(texts.t, 1)],
             wards.lats[1 + (g * 7) % 126] + ((g * 13) % 100 - 50) * 0.00008,
             wards.lons[1 + (g * 7) % 126] + ((g * 17) % 100 - 50) * 0.00008,
             wards.ids[1 + (g * 7) % 126],
             'Số ' || (g % 300) || ' phố mẫu',
             (array['resolved','resolved','resolved','resolved','closed','closed','in_progress','accepted','submitted','rejected'])[1 + g % 10],
             'normal',
             wards.units[1 + (g * 7) % 126],
             now() - ((g % 365) || ' days')::interval + interval '8 hours',
             now() - ((g % 365) || ' days')::interval,
             now() - ((g % 365) || ' days')::interval,
             g % 4
      from generate_series(${start}::int, ${end}::int) as g, cats, wards, texts`);
  }
  await db.execute(sql`analyze reports`);
}
