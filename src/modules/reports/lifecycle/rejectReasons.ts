/**
 * Why a report may be refused, each with the legal ground the citizen reads, in both languages.
 * The code is stored (reports.reject_reason and the `rejected` event); the text is looked up
 * when the report is shown, in the reader's language.
 */
import type { Language } from '../../../platform/i18n/language.js';

export const REJECT_REASON_CODES = [
  'complaint_denunciation', 'state_secret', 'abusive', 'out_of_scope', 'duplicate', 'insufficient_information',
] as const;

export type RejectReasonCode = (typeof REJECT_REASON_CODES)[number];

export const REJECT_REASONS: Record<RejectReasonCode, { vi: string; en: string }> = {
  complaint_denunciation: {
    vi: 'Nội dung là khiếu nại hoặc tố cáo, không thuộc phạm vi tiếp nhận phản ánh hiện trường. Khiếu nại được giải quyết theo Luật Khiếu nại năm 2011, '
      + 'tố cáo theo Luật Tố cáo năm 2018; đề nghị công dân gửi đến cơ quan có thẩm quyền hoặc qua nơi tiếp công dân.',
    en: 'This is a complaint or a denunciation, which field reports do not handle. Complaints are settled under the Law on Complaints (2011) and '
      + 'denunciations under the Law on Denunciations (2018); please address the competent authority or a citizen reception office.',
  },
  state_secret: {
    vi: 'Nội dung liên quan đến bí mật nhà nước nên không được tiếp nhận và công khai qua kênh này (Luật Bảo vệ bí mật nhà nước năm 2018).',
    en: 'The content concerns state secrets and cannot be received or published through this channel (Law on Protection of State Secrets, 2018).',
  },
  abusive: {
    vi: 'Nội dung có lời lẽ thô tục, xúc phạm danh dự, nhân phẩm của người khác hoặc thông tin sai sự thật, trái với quy định về sử dụng thông tin trên không gian mạng (Luật An ninh mạng năm 2018).',
    en: 'The content is abusive, insults others or is untrue, which the rules on information in cyberspace do not allow (Law on Cybersecurity, 2018).',
  },
  out_of_scope: {
    vi: 'Nội dung không thuộc phạm vi phản ánh hiện trường về các vấn đề của đô thị và đời sống trên địa bàn thành phố.',
    en: 'The content is not a field report about the city’s streets, services or public life.',
  },
  duplicate: {
    vi: 'Nội dung trùng với một phản ánh đã được tiếp nhận; kết quả xử lý được thông báo tại phản ánh đó.',
    en: 'This repeats a report already received; the answer will be given on that report.',
  },
  insufficient_information: {
    vi: 'Phản ánh chưa đủ thông tin (vị trí, nội dung, hình ảnh) để xác minh và xử lý; đề nghị gửi lại với đầy đủ thông tin.',
    en: 'The report lacks the information (place, description, photos) needed to check and handle it; please send it again with the details.',
  },
};

export function rejectReasonText(code: string, language: Language): string | null {
  const reason = REJECT_REASONS[code as RejectReasonCode] as { vi: string; en: string } | undefined;
  return reason ? reason[language] : null;
}
