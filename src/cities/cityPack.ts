/**
 * A city is configuration: a folder under `cities/` holding its settings, wards, units and
 * categories as JSON. Nothing in the code names a city; CITY=… picks the folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CategorySeed, UnitSeed } from '../db/seed/seedTypes.js';
import type { Ring } from '../modules/areas/wardIndex.js';

export interface CitySettings {
  code: string;
  nameVi: string;
  nameEn: string;
  timeZone: string;
  weekendDays: number[];
  officeHours: Array<{ start: string; end: string }>;
  holidaySeedYears: { from: number; to: number };
  rootUnitCode: string;
  /** How each ward's People's Committee unit is named; `{name}` is the ward's name. */
  wardUnit: {
    parentCode: string;
    codePrefix: string;
    nameVi: Record<string, string>;
    nameEn: Record<string, string>;
  };
  /** Ward type as written in the data → the short code stored. */
  areaTypes: Record<string, string>;
  map: { center: [number, number]; zoom: number };
  /** Default deadlines in working hours, used when a category sets none. */
  sla: { acceptHours: number; resolveHours: Record<'urgent' | 'normal' | 'complex', number> };
  reports: {
    publicIdPrefix: string;
    /** Radius for "similar open reports nearby" before submitting. */
    nearbyRadiusMeters: number;
    /** A citizen may reopen a resolved report within this many days. */
    reopenWindowDays: number;
    /** A resolved report nobody rated closes after this many days. */
    autoCloseDays: number;
    /** A report is "due soon" within this many working hours of a deadline. */
    dueSoonWorkingHours: number;
    maxPhotos: number;
  };
  /** Where demo mode puts its officials: one ward and one department. */
  demo: { wardId: string; departmentCode: string };
}

export interface WardRecord {
  id: string;
  name: string;
  type: string;
  area: number;
  population: number;
  center: [number, number];
  polygons: Ring[];
}

export interface CityPack {
  settings: CitySettings;
  wards: WardRecord[];
  units: UnitSeed[];
  categories: CategorySeed[];
}

export const citiesRoot = fileURLToPath(new URL('../../cities/', import.meta.url));

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const cache = new Map<string, CityPack>();

export function loadCityPack(city: string): CityPack {
  const cached = cache.get(city);
  if (cached) return cached;
  const dir = `${citiesRoot}${city}/`;
  if (!existsSync(`${dir}city.json`)) throw new Error(`CITY: no city pack at ${dir} (expected city.json there)`);
  const pack: CityPack = {
    settings: readJson<CitySettings>(`${dir}city.json`),
    wards: readJson<{ wards: WardRecord[] }>(`${dir}wards.json`).wards,
    units: readJson<UnitSeed[]>(`${dir}units.json`),
    categories: readJson<CategorySeed[]>(`${dir}categories.json`),
  };
  cache.set(city, pack);
  return pack;
}
