/** What things are called in error messages, in both languages. */
export const ENTITY_NAMES = {
  unit: { vi: 'đơn vị', en: 'unit' },
  category: { vi: 'lĩnh vực', en: 'category' },
  area: { vi: 'phường, xã', en: 'ward' },
  'routing rule': { vi: 'quy tắc phân luồng', en: 'routing rule' },
  'calendar day': { vi: 'ngày trong lịch', en: 'calendar day' },
  user: { vi: 'tài khoản', en: 'account' },
  official: { vi: 'cán bộ', en: 'official' },
  session: { vi: 'phiên đăng nhập', en: 'session' },
  report: { vi: 'phản ánh', en: 'report' },
} as const;

export type EntityName = keyof typeof ENTITY_NAMES;
