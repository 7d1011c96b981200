/**
 * Test data for the public side of field reports, written straight into the tables (the submit
 * endpoint is not needed to test reads): reporters with known names and phone numbers, reports
 * in several categories, wards and statuses over a few months, anonymous ones, photos in the
 * media store (some hidden by an official), proof photos of an answer, a video, timelines with
 * an internal note. Call once per database (phone numbers are unique).
 */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../../../db/client.js';
import { categories, reportEvents, reportMedia, reports, reportSupporters, units, users, type ReportStatus } from '../../../../db/schema/index.js';
import type { MediaStorage } from '../../../../platform/media/mediaStorage.js';
import { searchableText } from '../../../../platform/i18n/searchText.js';
import { nextPublicId } from '../../publicId.js';

export interface SeedUser {
  id: string;
  displayName: string;
  phone: string;
}

/** Text that must never leave through a public route (asserted by the privacy tests). */
export const SECRETS = {
  internalNote: 'GHI CHÚ NỘI BỘ: người phản ánh là con trai ông tổ trưởng, đề nghị xử lý khéo',
  officialName: 'Phạm Quốc Dũng',
  officialPhone: '+84911555777',
  anonymousName: 'Trần Văn Bình',
  anonymousPhone: '+84987000222',
  namedPhone: '+84912000111',
} as const;

type PhotoPlan = { role: 'report' | 'proof'; hidden?: boolean; colour: [number, number, number] } | { role: 'report'; video: true };

interface ReportPlan {
  key: string;
  category: string;
  /** Ward code; null for reports without a place (scams). */
  ward: string | null;
  /** A city-level unit handles it; otherwise the ward's People's Committee. */
  unit?: string;
  status: ReportStatus;
  reporter: 'named' | 'anonymous' | 'other';
  anonymous: boolean;
  createdAt: string;
  description: string;
  address: string;
  /** Offset from the ward centre, in degrees, so points in one ward differ. */
  nudge?: [number, number];
  photos: PhotoPlan[];
  answer?: string;
  rejectReason?: string;
  rating?: 'hai_long' | 'chap_nhan_duoc' | 'khong_hai_long';
  mergedInto?: string;
  supporters?: number;
  internalNote?: boolean;
}

const DAY = 86_400_000;

const PLANS: ReportPlan[] = [
  {
    key: 'potholeHoanKiem', category: 'roads.pothole', ward: '00070', status: 'in_progress', reporter: 'named', anonymous: false,
    createdAt: '2026-03-02T01:20:00Z', description: 'Đường Hàng Bài đoạn trước số 24 có ổ gà lớn, xe máy đi qua rất dễ ngã, nhất là buổi tối trời mưa.',
    address: '24 Hàng Bài, phường Hoàn Kiếm', nudge: [0.001, -0.002],
    photos: [{ role: 'report', colour: [90, 90, 90] }, { role: 'report', hidden: true, colour: [200, 150, 120] }, { role: 'report', video: true }],
    supporters: 3, internalNote: true,
  },
  {
    key: 'potholeBaDinhAnonymous', category: 'roads.pothole', ward: '00004', status: 'submitted', reporter: 'anonymous', anonymous: true,
    createdAt: '2026-03-10T08:05:00Z', description: 'Mặt đường phố Đội Cấn bị bong tróc, nhiều ổ gà liên tiếp sau đợt mưa, ô tô phải đi lấn làn.',
    address: 'Phố Đội Cấn, phường Ba Đình', photos: [{ role: 'report', colour: [70, 70, 80] }],
  },
  {
    key: 'lampOutCauGiay', category: 'lighting.lamp_out', ward: '00166', unit: 'hapulico', status: 'resolved', reporter: 'named', anonymous: false,
    createdAt: '2026-02-14T18:30:00Z', description: 'Đèn đường ngõ 165 Cầu Giấy tắt cả tuần nay, đi lại buổi tối rất nguy hiểm.',
    address: 'Ngõ 165 Cầu Giấy', photos: [{ role: 'report', colour: [20, 20, 30] }, { role: 'proof', colour: [250, 240, 180] }],
    answer: 'Đơn vị đã thay bóng đèn và sửa tủ điện chiếu sáng ngõ 165 ngày 18/02; đèn đã sáng bình thường.', internalNote: true,
  },
  {
    key: 'floodingDongDaAnonymous', category: 'drainage.flooding', ward: '00235', unit: 'thoat-nuoc-ha-noi', status: 'resolved', reporter: 'anonymous', anonymous: true,
    createdAt: '2026-01-20T10:00:00Z', description: 'Phố Tây Sơn ngập sâu sau mưa lớn, nước tràn vào nhà dân, đề nghị nạo vét cống thoát nước.',
    address: 'Phố Tây Sơn, phường Đống Đa', photos: [{ role: 'report', hidden: true, colour: [60, 90, 140] }, { role: 'proof', colour: [120, 140, 160] }],
    answer: 'Công ty Thoát nước đã nạo vét 120 m cống trên phố Tây Sơn.', rating: 'chap_nhan_duoc', supporters: 5,
  },
  {
    key: 'wasteHaiBaTrung', category: 'waste.uncollected', ward: '00256', unit: 'urenco', status: 'closed', reporter: 'other', anonymous: false,
    createdAt: '2025-12-05T02:00:00Z', description: 'Rác sinh hoạt tồn đọng ở đầu ngõ Quỳnh ba ngày chưa được thu gom, bốc mùi hôi.',
    address: 'Ngõ Quỳnh, phường Hai Bà Trưng', photos: [{ role: 'report', colour: [110, 120, 60] }, { role: 'proof', colour: [180, 190, 170] }],
    answer: 'Đã thu gom toàn bộ rác tồn đọng và bổ sung một chuyến xe buổi tối.', rating: 'hai_long',
  },
  {
    key: 'dumpingLongBienRejected', category: 'waste.illegal_dumping', ward: '00145', status: 'rejected', reporter: 'other', anonymous: false,
    createdAt: '2026-02-01T03:00:00Z', description: 'Có người đổ trộm phế thải xây dựng ra bãi đất trống cạnh đê Long Biên vào ban đêm.',
    address: 'Bãi đất trống cạnh đê, phường Long Biên', photos: [],
    rejectReason: 'Nội dung trùng với phản ánh đã được xử lý trước đó tại cùng địa điểm.',
  },
  {
    key: 'encroachmentHoanKiem', category: 'urban_order.encroachment', ward: '00070', status: 'submitted', reporter: 'named', anonymous: false,
    createdAt: '2026-03-15T11:45:00Z', description: 'Quán cà phê lấn chiếm hết vỉa hè phố Lý Thái Tổ, người đi bộ phải đi xuống lòng đường.',
    address: 'Phố Lý Thái Tổ, phường Hoàn Kiếm', nudge: [-0.002, 0.001], photos: [{ role: 'report', colour: [160, 110, 70] }],
  },
  {
    key: 'potholeDuplicateMerged', category: 'roads.pothole', ward: '00070', status: 'merged', reporter: 'other', anonymous: false,
    createdAt: '2026-03-03T00:10:00Z', description: 'Ổ gà trước số 24 Hàng Bài vẫn chưa được sửa, rất nguy hiểm.',
    address: '24 Hàng Bài', nudge: [0.0011, -0.0021], photos: [], mergedInto: 'potholeHoanKiem',
  },
  {
    key: 'karaokeWithdrawn', category: 'noise.karaoke', ward: '00166', status: 'withdrawn', reporter: 'named', anonymous: false,
    createdAt: '2026-01-10T15:00:00Z', description: 'Nhà hàng xóm hát karaoke loa kẹo kéo đến 12 giờ đêm.',
    address: 'Ngõ 20 Trần Quốc Vượng', photos: [],
  },
  {
    key: 'scamOnlineAnonymous', category: 'scams.online', ward: null, unit: 'cong-an-tp', status: 'submitted', reporter: 'anonymous', anonymous: true,
    createdAt: '2026-03-12T04:00:00Z', description: 'Nhận được tin nhắn giả mạo ngân hàng kèm đường link lạ, yêu cầu cung cấp mã OTP để nhận quà.',
    address: '', photos: [],
  },
  {
    key: 'treeFallenSocSon', category: 'trees.fallen', ward: '00376', status: 'accepted', reporter: 'other', anonymous: false,
    createdAt: '2026-02-20T09:00:00Z', description: 'Cây xà cừ lớn bị bật gốc sau cơn dông, đổ chắn ngang đường vào chợ.',
    address: 'Đường vào chợ Sóc Sơn', photos: [{ role: 'report', colour: [40, 120, 40] }],
  },
  {
    key: 'pavementHaDongAnonymous', category: 'roads.pavement', ward: '09556', status: 'in_progress', reporter: 'anonymous', anonymous: true,
    createdAt: '2026-03-08T07:30:00Z', description: 'Gạch lát vỉa hè đường Quang Trung bị vỡ, sụt lún nhiều chỗ, người già đi lại dễ vấp ngã.',
    address: 'Đường Quang Trung, phường Hà Đông', photos: [{ role: 'report', hidden: true, colour: [150, 150, 140] }, { role: 'report', colour: [140, 130, 120] }],
    supporters: 1,
  },
  {
    key: 'signalDongDa', category: 'traffic.signal_fault', ward: '00235', status: 'resolved', reporter: 'other', anonymous: false,
    createdAt: '2026-02-25T01:00:00Z', description: 'Đèn tín hiệu giao thông ở ngã tư Chùa Bộc - Thái Hà không hoạt động từ sáng.',
    address: 'Ngã tư Chùa Bộc - Thái Hà', nudge: [0.003, 0.002], photos: [{ role: 'proof', colour: [30, 200, 60] }],
    answer: 'Đã thay bộ điều khiển đèn tín hiệu.',
  },
  {
    key: 'manholeBaDinh', category: 'roads.manhole', ward: '00004', status: 'closed', reporter: 'named', anonymous: false,
    createdAt: '2025-11-20T06:00:00Z', description: 'Nắp hố ga trước cổng trường bị vỡ, trẻ em đi qua rất nguy hiểm.',
    address: 'Phố Hoàng Hoa Thám', nudge: [-0.003, 0.002], photos: [{ role: 'proof', colour: [90, 90, 100] }],
    answer: 'Đã thay nắp hố ga mới.', rating: 'hai_long',
  },
  {
    key: 'airPollutionLongBien', category: 'waste.air_pollution', ward: '00145', status: 'accepted', reporter: 'named', anonymous: false,
    createdAt: '2026-03-18T13:00:00Z', description: 'Chiều nào cũng có người đốt rác ở bãi đất trống, khói bay vào nhà đầy mùi khét.',
    address: 'Tổ 5, phường Long Biên', photos: [{ role: 'report', colour: [130, 130, 130] }],
  },
];

export type SeedKey = (typeof PLANS)[number]['key'];

export interface SeededReport {
  id: string;
  publicId: string;
  plan: ReportPlan;
  media: Array<{ id: string; role: string; kind: string; hidden: boolean; storageKey: string; thumbnailKey: string | null; contentType: string; bytes: Buffer }>;
}

export interface SeededReports {
  named: SeedUser;
  anonymousReporter: SeedUser;
  other: SeedUser;
  /** A handler of the ward of Hoàn Kiếm, who wrote the internal notes. */
  official: SeedUser;
  reports: Map<string, SeededReport>;
  get(key: string): SeededReport;
  /** Every report in the plan, newest first (the feed's default order, before exclusions). */
  all(): SeededReport[];
}

async function image(colour: [number, number, number], width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } }).webp({ quality: 60 }).toBuffer();
}

async function createUser(db: Db, kind: 'citizen' | 'official', displayName: string, phone: string): Promise<SeedUser> {
  const [row] = await db.insert(users).values({
    kind, displayName, phone, phoneVerifiedAt: new Date(), identityLevel: kind === 'citizen' ? 1 : 2,
    ...(kind === 'official' ? { username: `seed-${phone.slice(-6)}` } : {}),
  }).returning({ id: users.id });
  return { id: row!.id, displayName, phone };
}

export async function seedReports(db: Db, media: MediaStorage, options: { prefix?: string } = {}): Promise<SeededReports> {
  const prefix = options.prefix ?? 'PA';
  const named = await createUser(db, 'citizen', 'Nguyễn Thị Lan', SECRETS.namedPhone);
  const anonymousReporter = await createUser(db, 'citizen', SECRETS.anonymousName, SECRETS.anonymousPhone);
  const other = await createUser(db, 'citizen', 'Lê Minh Châu', '+84903000333');
  const official = await createUser(db, 'official', SECRETS.officialName, SECRETS.officialPhone);
  const supporters = await Promise.all([1, 2, 3, 4, 5].map((i) => createUser(db, 'citizen', `Người ủng hộ ${i}`, `+8497100000${i}`)));

  const categoryRows = await db.select({ id: categories.id, code: categories.code }).from(categories)
    .where(inArray(categories.code, [...new Set(PLANS.map((p) => p.category))]));
  const categoryId = new Map(categoryRows.map((c) => [c.code, c.id]));
  const unitCodes = [...new Set(PLANS.map((p) => p.unit ?? `ubnd-${p.ward}`))];
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, unitCodes));
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const wardRows = await db.query.areas.findMany({ columns: { id: true, centerLat: true, centerLon: true } });
  const ward = new Map(wardRows.map((w) => [w.id, w]));

  const seeded = new Map<string, SeededReport>();
  // Oldest first, so public ids follow the dates as they would in real life.
  for (const plan of [...PLANS].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const createdAt = new Date(plan.createdAt);
    const reporter = plan.reporter === 'named' ? named : plan.reporter === 'anonymous' ? anonymousReporter : other;
    const area = plan.ward ? ward.get(plan.ward) : undefined;
    if (plan.ward && !area) throw new Error(`seedReports: no ward ${plan.ward}`);
    const assignedUnitId = unitId.get(plan.unit ?? `ubnd-${plan.ward}`);
    if (!assignedUnitId || !categoryId.has(plan.category)) throw new Error(`seedReports: unknown unit or category in ${plan.key}`);
    const accepted = ['accepted', 'in_progress', 'resolved', 'closed'].includes(plan.status);
    const acceptedAt = accepted ? new Date(createdAt.getTime() + DAY / 4) : null;
    const resolvedAt = plan.answer ? new Date(createdAt.getTime() + 3 * DAY) : null;
    const mergedInto = plan.mergedInto ? seeded.get(plan.mergedInto) : undefined;
    if (plan.mergedInto && !mergedInto) throw new Error(`seedReports: ${plan.key} merged into a later report`);
    const publicId = await nextPublicId(db, prefix, createdAt.getUTCFullYear());
    const [row] = await db.insert(reports).values({
      publicId,
      categoryId: categoryId.get(plan.category)!,
      description: plan.description,
      searchText: searchableText(`${plan.description} ${plan.address}`),
      lat: area ? area.centerLat + (plan.nudge?.[1] ?? 0) : null,
      lon: area ? area.centerLon + (plan.nudge?.[0] ?? 0) : null,
      areaId: plan.ward,
      addressText: plan.address,
      reporterId: reporter.id,
      anonymous: plan.anonymous,
      status: plan.status,
      priority: 'normal',
      assignedUnitId,
      acceptBy: new Date(createdAt.getTime() + DAY),
      resolveBy: acceptedAt ? new Date(acceptedAt.getTime() + 7 * DAY) : null,
      acceptedAt,
      resolvedAt,
      closedAt: plan.status === 'closed' ? new Date(createdAt.getTime() + 10 * DAY) : null,
      answerText: plan.answer ?? null,
      rejectReason: plan.rejectReason ?? null,
      rating: plan.rating ?? null,
      ratedAt: plan.rating ? new Date(createdAt.getTime() + 4 * DAY) : null,
      mergedIntoId: mergedInto?.id ?? null,
      supportCount: plan.supporters ?? 0,
      createdAt,
      updatedAt: createdAt,
    }).returning({ id: reports.id });
    const reportId = row!.id;

    const mediaRows: SeededReport['media'] = [];
    for (const [position, photo] of plan.photos.entries()) {
      const id = randomUUID();
      if ('video' in photo) {
        // Not a playable film: the bytes only have to come back as they went in.
        const bytes = Buffer.alloc(64 * 1024, 7);
        const storageKey = `reports/${reportId}/${id}.mp4`;
        await media.put(storageKey, bytes);
        await db.insert(reportMedia).values({ id, reportId, role: 'report', kind: 'video', storageKey, contentType: 'video/mp4', bytes: bytes.length, position });
        mediaRows.push({ id, role: 'report', kind: 'video', hidden: false, storageKey, thumbnailKey: null, contentType: 'video/mp4', bytes });
        continue;
      }
      const display = await image(photo.colour, 64, 48);
      const thumb = await image(photo.colour, 16, 12);
      const storageKey = `reports/${reportId}/${id}.webp`;
      const thumbnailKey = `reports/${reportId}/${id}-thumb.webp`;
      await media.put(storageKey, display);
      await media.put(thumbnailKey, thumb);
      const hidden = photo.hidden ?? false;
      await db.insert(reportMedia).values({
        id, reportId, role: photo.role, kind: 'photo', storageKey, thumbnailKey, contentType: 'image/webp',
        width: 64, height: 48, bytes: display.length, hidden, position, createdAt: photo.role === 'proof' && resolvedAt ? resolvedAt : createdAt,
      });
      mediaRows.push({ id, role: photo.role, kind: 'photo', hidden, storageKey, thumbnailKey, contentType: 'image/webp', bytes: display });
    }

    const events: Array<typeof reportEvents.$inferInsert> = [
      { reportId, type: 'submitted', actorId: reporter.id, actorRole: 'reporter', toStatus: 'submitted', createdAt },
    ];
    const at = (days: number) => new Date(createdAt.getTime() + days * DAY);
    if (acceptedAt) events.push({ reportId, type: 'accepted', actorId: official.id, actorRole: 'official', fromStatus: 'submitted', toStatus: 'accepted', createdAt: acceptedAt });
    if (plan.internalNote) {
      events.push({ reportId, type: 'note', actorId: official.id, actorRole: 'official', message: `${SECRETS.internalNote} (${SECRETS.officialName}, ${SECRETS.officialPhone})`, public: false, createdAt: at(0.5) });
    }
    if (['in_progress', 'resolved', 'closed'].includes(plan.status)) {
      events.push({ reportId, type: 'started', actorId: official.id, actorRole: 'official', fromStatus: 'accepted', toStatus: 'in_progress', createdAt: at(1) });
    }
    if (resolvedAt) events.push({ reportId, type: 'resolved', actorId: official.id, actorRole: 'official', fromStatus: 'in_progress', toStatus: 'resolved', message: plan.answer!, createdAt: resolvedAt });
    if (plan.rating) events.push({ reportId, type: 'rated', actorId: reporter.id, actorRole: 'reporter', message: plan.rating, createdAt: at(4) });
    if (plan.status === 'closed') events.push({ reportId, type: 'closed', actorRole: 'system', fromStatus: 'resolved', toStatus: 'closed', createdAt: at(10) });
    if (plan.status === 'rejected') events.push({ reportId, type: 'rejected', actorId: official.id, actorRole: 'official', fromStatus: 'submitted', toStatus: 'rejected', message: plan.rejectReason!, createdAt: at(0.3) });
    if (plan.status === 'withdrawn') events.push({ reportId, type: 'withdrawn', actorId: reporter.id, actorRole: 'reporter', fromStatus: 'submitted', toStatus: 'withdrawn', createdAt: at(0.1) });
    if (mergedInto) events.push({ reportId, type: 'merged', actorId: official.id, actorRole: 'official', fromStatus: 'submitted', toStatus: 'merged', message: `Trùng với ${mergedInto.publicId}`, createdAt: at(0.2) });
    await db.insert(reportEvents).values(events);

    if (plan.supporters) {
      await db.insert(reportSupporters).values(supporters.slice(0, plan.supporters).map((s) => ({ reportId, userId: s.id, createdAt: at(1) })));
    }
    seeded.set(plan.key, { id: reportId, publicId, plan, media: mediaRows });
  }

  return {
    named, anonymousReporter, other, official, reports: seeded,
    get(key: string) {
      const found = seeded.get(key);
      if (!found) throw new Error(`seedReports: no report ${key}`);
      return found;
    },
    all() {
      return [...seeded.values()].sort((a, b) => b.plan.createdAt.localeCompare(a.plan.createdAt));
    },
  };
}
