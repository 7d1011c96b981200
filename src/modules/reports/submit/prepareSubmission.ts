/**
 * Everything decided about a submit before files are stored: the fields are valid, the category
 * takes reports from this caller's identity level, the attributes fit the category, the place is
 * in the city (and which ward), and what screening and the category classifier say.
 */
import { eq } from 'drizzle-orm';
import { categories } from '../../../db/schema/index.js';
import { requireIdentityLevel, type IdentityLevel } from '../../../platform/auth/identityLevels.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, type FieldProblem } from '../../../platform/errors/appError.js';
import type { Language } from '../../../platform/i18n/language.js';
import type { ModuleContext } from '../../moduleContext.js';
import type { AreaRow } from '../../areas/areaService.js';
import { proposedCategory } from '../classifier/categoryClassifier.js';
import { activeKeywords } from '../screening/keywordStore.js';
import { screenReport } from '../screening/screenReport.js';
import { checkAgainstCategory, checkFields, findSubmitCategory, type CheckedFields, type SubmitCategory } from './submitFields.js';
import type { SubmissionFacts } from './submitReport.js';

export interface CheckedSubmission extends SubmitCategory {
  fields: CheckedFields;
  attributes: Record<string, unknown>;
  area: AreaRow | null;
}

/**
 * The checks that need no files. `photoCount` null skips the photo count (used before the
 * files have arrived). Field problems come together in one 422; then 403 for a too-low
 * identity level; then the category's own rules; then OUTSIDE_CITY.
 */
export async function checkSubmission(ctx: ModuleContext, principal: Principal, raw: Record<string, unknown>, photoCount: number | null, lang: Language): Promise<CheckedSubmission> {
  const checked = checkFields(raw, lang);
  const problems: FieldProblem[] = [...checked.problems];
  if (photoCount === 0) problems.push({ field: 'body.photos', message: lang === 'en' ? 'at least one photo is required' : 'cần ít nhất một ảnh' });
  let found: SubmitCategory | undefined;
  if (checked.fields) {
    try {
      found = await findSubmitCategory(ctx.db, checked.fields.categoryCode, lang);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') throw err;
      problems.push(...(err.details as FieldProblem[]));
    }
  }
  if (problems.length > 0 || !checked.fields || !found) throw AppError.validation(problems);
  const fields = checked.fields;
  const { category } = found;

  const level = Math.min(Math.max(category.identityLevelRequired, 1), 2) as IdentityLevel;
  requireIdentityLevel(principal, level);

  const { attributes, problems: categoryProblems } = checkAgainstCategory(fields, category, lang);
  if (categoryProblems.length > 0) throw AppError.validation(categoryProblems);

  let area: AreaRow | null = null;
  if (fields.lat !== null && fields.lon !== null) {
    const { lat, lon } = fields;
    area = ctx.areas.lookup(lat, lon) ?? null;
    if (!area) {
      const city = ctx.city.settings;
      throw new AppError('OUTSIDE_CITY', { field: 'body.lat', lat, lon }, {
        vi: `Vị trí (${lat}, ${lon}) nằm ngoài địa bàn ${city.nameVi}.`,
        en: `The location (${lat}, ${lon}) is outside ${city.nameEn}.`,
      });
    }
  }
  return { ...found, fields, attributes, area };
}

/** All checks, then screening and the classifier's proposal: the facts the submit command stores. */
export async function prepareSubmission(ctx: ModuleContext, principal: Principal, raw: Record<string, unknown>, photoCount: number | null, lang: Language): Promise<SubmissionFacts> {
  const checked = await checkSubmission(ctx, principal, raw, photoCount, lang);
  const { fields, category } = checked;
  const screeningFlags = screenReport({ description: fields.description, attributes: checked.attributes }, await activeKeywords(ctx.db));
  const proposal = proposedCategory(fields.description, category.code);
  let suggestedCategoryId: string | null = null;
  if (proposal) {
    const [suggested] = await ctx.db.select({ id: categories.id }).from(categories).where(eq(categories.code, proposal.categoryCode)).limit(1);
    suggestedCategoryId = suggested?.id ?? null;
  }
  return {
    category,
    parent: checked.parent,
    description: fields.description,
    lat: fields.lat,
    lon: fields.lon,
    area: checked.area,
    addressText: fields.addressText,
    anonymous: fields.anonymous,
    attributes: checked.attributes,
    screeningFlags,
    suggestedCategoryId,
  };
}
