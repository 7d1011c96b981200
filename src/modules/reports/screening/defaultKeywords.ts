/**
 * The keyword list a new installation starts with; city admins edit it afterwards through
 * `/api/v1/screening/keywords`. Phrases are written with their Vietnamese diacritics, lower case.
 * The abuse list is deliberately short and mild: it catches plain insults aimed at people, and
 * the intake officer judges the rest.
 */
import type { KeywordKind } from './screenReport.js';

export const DEFAULT_SCREENING_KEYWORDS: Readonly<Record<KeywordKind, readonly string[]>> = {
  // Complaints and denunciations follow their own laws and procedures, not this channel.
  complaint_denunciation: [
    // "kiện" alone would also find "sự kiện" (an event) and "điều kiện" (a condition).
    'khiếu nại', 'tố cáo', 'đơn thư', 'khiếu kiện', 'khởi kiện', 'kiện tụng', 'đi kiện', 'tố giác',
  ],
  state_secret: [
    'bí mật nhà nước', 'tài liệu mật', 'tối mật', 'tuyệt mật', 'văn bản mật', 'hồ sơ mật', 'bí mật quân sự', 'bí mật quốc gia',
  ],
  abuse: [
    'đồ ngu', 'ngu như bò', 'mất dạy', 'vô học', 'khốn nạn', 'đồ điên', 'thằng điên', 'con điên', 'câm mồm', 'đồ khốn', 'láo toét',
  ],
  spam: [
    'giá rẻ', 'khuyến mãi', 'giảm giá', 'liên hệ ngay', 'bao giá', 'nhận làm', 'vay tiền nhanh', 'kiếm tiền online', 'click vào link',
  ],
};
