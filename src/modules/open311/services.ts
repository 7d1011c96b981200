/**
 * Services are the categories people file under: every active child category whose group is
 * active. `service_code` is the category code, `group` the group's name, `keywords` the
 * category's keywords, `metadata` says whether the category asks extra questions (attributes),
 * which the service definition lists with the Open311 datatypes they already use.
 */
import { asc } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { categories, type CategoryAttribute } from '../../db/schema/index.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { Open311Error } from './errors.js';

type CategoryRow = typeof categories.$inferSelect;

export type Open311Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
};

export type Open311Attribute = {
  variable: boolean;
  code: string;
  datatype: string;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

export type Open311ServiceDefinition = {
  service_code: string;
  attributes: Open311Attribute[];
};

export interface ServiceCatalogue {
  /** Services in display order (group order, then category order). */
  services: Array<{ category: CategoryRow; group: CategoryRow }>;
  byCode: Map<string, { category: CategoryRow; group: CategoryRow }>;
  /** Every category by id (active or not), for names on old reports. */
  byId: Map<string, CategoryRow>;
}

/**
 * Categories change by admin edits only; a catalogue read is reused for a few seconds so busy
 * list endpoints do not read the whole table on every call. A post re-checks its category in the
 * database anyway (the submit checks), so a category closed a moment ago still takes nothing.
 */
const CATALOGUE_TTL_MS = 10_000;
const catalogues = new WeakMap<Db, { at: number; catalogue: ServiceCatalogue }>();

export async function loadServiceCatalogue(db: Db): Promise<ServiceCatalogue> {
  const cached = catalogues.get(db);
  if (cached && Date.now() - cached.at < CATALOGUE_TTL_MS) return cached.catalogue;
  const catalogue = await readServiceCatalogue(db);
  catalogues.set(db, { at: Date.now(), catalogue });
  return catalogue;
}

export async function readServiceCatalogue(db: DbOrTx): Promise<ServiceCatalogue> {
  const rows = await db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.code)).limit(2000);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const services = rows
    .filter((r) => r.parentId !== null && r.active && byId.get(r.parentId)?.active === true)
    .map((category) => ({ category, group: byId.get(category.parentId!)! }))
    .sort((a, b) => a.group.sortOrder - b.group.sortOrder || a.group.code.localeCompare(b.group.code)
      || a.category.sortOrder - b.category.sortOrder || a.category.code.localeCompare(b.category.code));
  return { services, byCode: new Map(services.map((s) => [s.category.code, s])), byId };
}

/** The service for a code, or 404 (unknown, a group, or no longer taking reports). */
export function serviceFor(catalogue: ServiceCatalogue, code: string, lang: Language): { category: CategoryRow; group: CategoryRow } {
  const found = catalogue.byCode.get(code);
  if (!found) throw Open311Error.notFound(lang === 'en' ? `service_code: no service "${code}"` : `service_code: không có dịch vụ "${code}"`);
  return found;
}

export function presentService(entry: { category: CategoryRow; group: CategoryRow }, lang: Language): Open311Service {
  const { category, group } = entry;
  return {
    service_code: category.code,
    service_name: localized(lang, category.nameVi, category.nameEn),
    description: localized(lang, category.descriptionVi, category.descriptionEn),
    metadata: category.attributes.length > 0,
    type: 'realtime',
    keywords: category.keywords.join(', '),
    group: localized(lang, group.nameVi, group.nameEn),
  };
}

/** What a client should send for each datatype (the checks are those of the web submit). */
function datatypeDescription(attribute: CategoryAttribute, lang: Language): string | null {
  const en = lang === 'en';
  switch (attribute.datatype) {
    case 'string': return en ? 'Text, at most 500 characters' : 'Chuỗi ký tự, tối đa 500 ký tự';
    case 'text': return en ? 'Text, at most 2,000 characters' : 'Đoạn văn, tối đa 2.000 ký tự';
    case 'number': return en ? 'A number, not negative' : 'Một số không âm';
    case 'datetime': return en ? 'ISO 8601 date and time, not in the future, e.g. 2026-03-01T21:30:00+07:00' : 'Ngày giờ ISO 8601, không ở tương lai, ví dụ 2026-03-01T21:30:00+07:00';
    case 'singlevaluelist': return en ? 'One key from values' : 'Một khóa (key) trong danh sách values';
    case 'multivaluelist': return en ? 'One or more keys from values, sent as attribute[code][]' : 'Một hoặc nhiều khóa trong values, gửi dạng attribute[code][]';
    default: return null;
  }
}

export function presentServiceDefinition(category: CategoryRow, lang: Language): Open311ServiceDefinition {
  return {
    service_code: category.code,
    attributes: category.attributes.map((a, i) => {
      const label = localized(lang, a.labelVi, a.labelEn);
      const more = localized(lang, a.descriptionVi ?? '', a.descriptionEn ?? '');
      const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
      return {
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: datatypeDescription(a, lang),
        order: i + 1,
        description: more ? `${label} — ${more}` : label,
        ...(isList ? { values: (a.values ?? []).map((v) => ({ key: v.key, name: localized(lang, v.nameVi, v.nameEn) })) } : {}),
      };
    }),
  };
}
