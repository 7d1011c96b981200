/**
 * Fills an empty database with the city pack's reference data: units (with one People's
 * Committee per ward), wards with their boundaries, categories and the default holidays.
 * Runs once, in one transaction, recorded in the audit log; later starts find it done.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { appMeta, areas, calendarDays, categories, units } from '../schema/index.js';
import type { CityPack } from '../../cities/cityPack.js';
import { boundingBox } from '../../modules/areas/wardIndex.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/auditLog.js';
import { defaultVietnamHolidays } from '../../platform/calendar/vietnamHolidays.js';
import { foldDiacritics } from '../../platform/i18n/foldDiacritics.js';

const LOADED_KEY = 'reference_data';

export interface ReferenceDataSummary {
  loaded: boolean;
  units: number;
  areas: number;
  categories: number;
  calendarDays: number;
}

function fill(template: string | undefined, name: string, what: string): string {
  if (!template) throw new Error(`city pack: no ${what} template for this ward type`);
  return template.replaceAll('{name}', name);
}

export async function loadReferenceData(db: Db, pack: CityPack): Promise<ReferenceDataSummary> {
  return db.transaction(async (tx) => {
    const [done] = await tx.select().from(appMeta).where(eq(appMeta.key, LOADED_KEY));
    if (done) return { loaded: false, units: 0, areas: 0, categories: 0, calendarDays: 0 };

    const { settings } = pack;
    const unitIds = new Map<string, string>();
    // Parents before children: the pack lists units in any order.
    const pending = [...pack.units];
    while (pending.length > 0) {
      const ready = pending.filter((u) => !u.parentCode || unitIds.has(u.parentCode));
      if (ready.length === 0) throw new Error(`city pack: units with unknown parents: ${pending.map((u) => u.code).join(', ')}`);
      const rows = await tx.insert(units).values(ready.map((u) => ({
        code: u.code, kind: u.kind, nameVi: u.nameVi, nameEn: u.nameEn,
        parentId: u.parentCode ? unitIds.get(u.parentCode)! : null,
      }))).returning({ id: units.id, code: units.code });
      for (const row of rows) unitIds.set(row.code, row.id);
      for (const u of ready) pending.splice(pending.indexOf(u), 1);
    }

    const wardParentId = unitIds.get(settings.wardUnit.parentCode);
    if (!wardParentId) throw new Error(`city pack: wardUnit.parentCode ${settings.wardUnit.parentCode} is not a unit`);
    const wardUnits = await tx.insert(units).values(pack.wards.map((w) => ({
      code: `${settings.wardUnit.codePrefix}${w.id}`,
      kind: 'ward',
      parentId: wardParentId,
      nameVi: fill(settings.wardUnit.nameVi[w.type], w.name, 'wardUnit.nameVi'),
      nameEn: fill(settings.wardUnit.nameEn[w.type], foldDiacritics(w.name), 'wardUnit.nameEn'),
    }))).returning({ id: units.id, code: units.code });
    for (const row of wardUnits) unitIds.set(row.code, row.id);

    await tx.insert(areas).values(pack.wards.map((w) => {
      const box = boundingBox(w.polygons);
      return {
        id: w.id,
        name: w.name,
        type: settings.areaTypes[w.type] ?? w.type,
        unitId: unitIds.get(`${settings.wardUnit.codePrefix}${w.id}`)!,
        population: w.population,
        areaKm2: w.area,
        centerLon: w.center[0],
        centerLat: w.center[1],
        minLat: box.minLat, minLon: box.minLon, maxLat: box.maxLat, maxLon: box.maxLon,
        rings: w.polygons,
      };
    }));

    const categoryIds = new Map<string, string>();
    const orderedCategories = [...pack.categories].sort((a, b) => Number(Boolean(a.parentCode)) - Number(Boolean(b.parentCode)));
    for (const c of orderedCategories) {
      const handlingUnitId = c.handlingUnitCode ? unitIds.get(c.handlingUnitCode) : undefined;
      if (c.handlingUnitCode && !handlingUnitId) throw new Error(`city pack: category ${c.code} names unknown unit ${c.handlingUnitCode}`);
      const [row] = await tx.insert(categories).values({
        code: c.code,
        parentId: c.parentCode ? categoryIds.get(c.parentCode) ?? null : null,
        nameVi: c.nameVi, nameEn: c.nameEn,
        descriptionVi: c.descriptionVi, descriptionEn: c.descriptionEn,
        defaultPriority: c.defaultPriority,
        locationRequired: c.locationRequired,
        identityLevelRequired: c.identityLevelRequired,
        proofPhotoRequired: c.proofPhotoRequired,
        handlingUnitId: handlingUnitId ?? null,
        keywords: c.keywords,
        attributes: c.attributes,
        sortOrder: c.sortOrder,
      }).returning({ id: categories.id });
      categoryIds.set(c.code, row!.id);
    }

    const holidays = defaultVietnamHolidays(settings.holidaySeedYears.from, settings.holidaySeedYears.to);
    if (holidays.length > 0) {
      await tx.insert(calendarDays).values(holidays.map((h) => ({ date: h.date, kind: 'holiday', nameVi: h.nameVi, nameEn: h.nameEn, source: 'seed' })));
    }

    const summary = {
      loaded: true,
      units: unitIds.size,
      areas: pack.wards.length,
      categories: categoryIds.size,
      calendarDays: holidays.length,
    };
    await tx.insert(appMeta).values({ key: LOADED_KEY, value: { city: settings.code, loadedAt: new Date().toISOString(), ...summary } });
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'referenceData.load', entityType: 'city', entityId: settings.code, data: summary });
    return summary;
  });
}
