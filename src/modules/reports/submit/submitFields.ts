/**
 * The text fields of a submit, checked the way the rest of the API checks bodies: a TypeBox
 * schema (multipart fields arrive as text, so numbers and booleans are coerced like a query
 * string), then the rules that need the category — it must be an active child category, its
 * identity level, whether it needs a location, and its extra attributes (Open311 style).
 * Every problem names its field (`body.lat`, `body.attributes.pothole_size`) in vi or en.
 */
import { Type, type Static } from 'typebox';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { categories, type CategoryAttribute } from '../../../db/schema/index.js';
import { AppError, type FieldProblem } from '../../../platform/errors/appError.js';
import { toFieldProblems, type SchemaIssue } from '../../../platform/errors/validationMessages.js';
import { validatorCompiler } from '../../../platform/http/validators.js';
import type { Language } from '../../../platform/i18n/language.js';

export type CategoryRow = typeof categories.$inferSelect;

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
export const ADDRESS_MAX = 300;
const STRING_ATTRIBUTE_MAX = 500;
const TEXT_ATTRIBUTE_MAX = 2000;

export const SubmitFields = Type.Object({
  categoryCode: Type.String({ minLength: 1, maxLength: 100, description: 'A child category code, e.g. roads.pothole' }),
  description: Type.String({ minLength: DESCRIPTION_MIN, maxLength: DESCRIPTION_MAX }),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  addressText: Type.Optional(Type.String({ maxLength: ADDRESS_MAX })),
  anonymous: Type.Optional(Type.Boolean({ description: 'Hide my name from the public (officials handling it still see it)' })),
  attributes: Type.Optional(Type.String({ maxLength: 10_000, description: 'JSON object of the category\'s extra attributes, by code' })),
}, { additionalProperties: false });
export type SubmitFieldValues = Static<typeof SubmitFields>;

/** Text fields are coerced like a query string: "21.02" → 21.02, "true" → true. */
const compiledFields = validatorCompiler({ schema: SubmitFields, httpPart: 'querystring', method: 'POST', url: '/api/v1/reports' });

function schemaIssues(values: Record<string, unknown>): SchemaIssue[] {
  return compiledFields(values) === true ? [] : (compiledFields.errors ?? []) as unknown as SchemaIssue[];
}

export const FIELD_NAMES = Object.keys(SubmitFields.properties);

export interface CheckedFields {
  categoryCode: string;
  description: string;
  lat: number | null;
  lon: number | null;
  addressText: string;
  anonymous: boolean;
  /** Raw attributes as sent (checked against the category later). */
  attributes: Record<string, unknown>;
}

const t = (lang: Language, vi: string, en: string) => (lang === 'en' ? en : vi);

/** Schema checks and the lat/lon pair; category rules come after (`checkAgainstCategory`). */
export function checkFields(raw: Record<string, unknown>, lang: Language): { fields?: CheckedFields; problems: FieldProblem[] } {
  const values: Record<string, unknown> = {};
  let attributes: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(raw)) {
    // An empty optional input is the same as leaving it out.
    if (value === '' && name !== 'categoryCode' && name !== 'description') continue;
    if (name === 'attributes') {
      const parsed = typeof value === 'string' ? parseJsonObject(value) : value;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push({ field: 'body.attributes', message: t(lang, 'phải là một đối tượng JSON, ví dụ {"pothole_size":"small"}', 'must be a JSON object, e.g. {"pothole_size":"small"}') });
      } else {
        attributes = parsed as Record<string, unknown>;
      }
      continue;
    }
    values[name] = typeof value === 'string' ? (name === 'description' || name === 'addressText' ? value.normalize('NFC').trim() : value.trim()) : value;
  }
  problems.push(...toFieldProblems(schemaIssues(values), 'body', lang));
  const v = values as SubmitFieldValues;
  if (problems.every((p) => p.field !== 'body.lat' && p.field !== 'body.lon')) {
    if (v.lat !== undefined && v.lon === undefined) problems.push({ field: 'body.lon', message: t(lang, 'cần đi cùng vĩ độ (lat)', 'must be given with lat') });
    if (v.lon !== undefined && v.lat === undefined) problems.push({ field: 'body.lat', message: t(lang, 'cần đi cùng kinh độ (lon)', 'must be given with lon') });
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    fields: {
      categoryCode: v.categoryCode, description: v.description, lat: v.lat ?? null, lon: v.lon ?? null,
      addressText: v.addressText ?? '', anonymous: v.anonymous ?? false, attributes,
    },
  };
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export interface SubmitCategory { category: CategoryRow; parent: CategoryRow }

/** The category to file under: it exists, is active, is a child (not a group) and its group is active. */
export async function findSubmitCategory(db: DbOrTx, code: string, lang: Language, field = 'body.categoryCode'): Promise<SubmitCategory> {
  const refuse = (vi: string, en: string) => AppError.validation([{ field, message: t(lang, vi, en) }]);
  const [category] = await db.select().from(categories).where(eq(categories.code, code)).limit(1);
  if (!category) throw refuse(`không có lĩnh vực "${code}"`, `there is no category "${code}"`);
  if (!category.parentId) throw refuse(`"${code}" là nhóm lĩnh vực; hãy chọn một lĩnh vực cụ thể trong nhóm`, `"${code}" is a group; choose one of its categories`);
  const [parent] = await db.select().from(categories).where(eq(categories.id, category.parentId)).limit(1);
  if (!category.active || !parent?.active) throw refuse(`lĩnh vực "${code}" không còn tiếp nhận phản ánh`, `the category "${code}" no longer takes reports`);
  return { category, parent };
}

/** Location when the category needs one, and every attribute against its definition. */
export function checkAgainstCategory(fields: CheckedFields, category: CategoryRow, lang: Language): { attributes: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (category.locationRequired && fields.lat === null) {
    const message = t(lang, 'là bắt buộc với lĩnh vực này (chọn vị trí trên bản đồ)', 'is required for this category (pick the place on the map)');
    problems.push({ field: 'body.lat', message }, { field: 'body.lon', message });
  }
  const definitions = new Map(category.attributes.map((a) => [a.code, a]));
  const attributes: Record<string, unknown> = {};
  for (const code of Object.keys(fields.attributes)) {
    if (!definitions.has(code)) problems.push({ field: `body.attributes.${code}`, message: t(lang, 'không phải thông tin của lĩnh vực này', 'is not an attribute of this category') });
  }
  for (const definition of category.attributes) {
    const field = `body.attributes.${definition.code}`;
    const value = fields.attributes[definition.code];
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (definition.required) problems.push({ field, message: t(lang, `là bắt buộc (${definition.labelVi})`, `is required (${definition.labelEn})`) });
      continue;
    }
    const checked = checkAttribute(definition, value, lang);
    if ('problem' in checked) problems.push({ field, message: checked.problem });
    else attributes[definition.code] = checked.value;
  }
  return { attributes, problems };
}

function checkAttribute(definition: CategoryAttribute, value: unknown, lang: Language): { value: unknown } | { problem: string } {
  const keys = (definition.values ?? []).map((v) => v.key);
  switch (definition.datatype) {
    case 'string':
    case 'text': {
      const max = definition.datatype === 'string' ? STRING_ATTRIBUTE_MAX : TEXT_ATTRIBUTE_MAX;
      if (typeof value !== 'string') return { problem: t(lang, 'phải là chuỗi ký tự', 'must be text') };
      const text = value.normalize('NFC').trim();
      if (text.length > max) return { problem: t(lang, `không được quá ${max} ký tự`, `must have at most ${max} characters`) };
      return { value: text };
    }
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(number)) return { problem: t(lang, 'phải là một số', 'must be a number') };
      if (number < 0) return { problem: t(lang, 'không được là số âm', 'must not be negative') };
      return { value: number };
    }
    case 'datetime': {
      const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
      const at = typeof value === 'string' && ISO.test(value) ? new Date(value) : null;
      if (!at || Number.isNaN(at.getTime())) return { problem: t(lang, 'phải là ngày giờ ISO 8601, ví dụ 2026-03-01T21:30:00+07:00', 'must be an ISO 8601 date and time, e.g. 2026-03-01T21:30:00+07:00') };
      if (at.getTime() > Date.now() + 10 * 60_000) return { problem: t(lang, 'không được ở tương lai', 'must not be in the future') };
      return { value };
    }
    case 'singlevaluelist':
      if (typeof value !== 'string' || !keys.includes(value)) return { problem: t(lang, `phải là một trong: ${keys.join(', ')}`, `must be one of: ${keys.join(', ')}`) };
      return { value };
    case 'multivaluelist': {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((k): k is string => typeof k === 'string' && keys.includes(k))) {
        return { problem: t(lang, `mỗi giá trị phải là một trong: ${keys.join(', ')}`, `each value must be one of: ${keys.join(', ')}`) };
      }
      return { value: [...new Set(list)] };
    }
    default:
      return { problem: t(lang, 'không hợp lệ', 'is not valid') };
  }
}
