/**
 * TanStack Query hooks over the typed client: one per resource the pages read. Reference data
 * (categories, wards, boundaries) changes rarely, so it stays fresh for an hour. The data types
 * are those the typed client returns, so they follow docs/openapi.json.
 */
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { Language } from '../i18n';

export interface GeoPoint {
  lat: number;
  lon: number;
}

const fetchCategories = (lang: Language, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/categories', { params: { query: { lang } }, signal }));
const fetchAreas = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/areas', { signal }));
const fetchWardBoundaries = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/areas/boundaries.geojson', { signal }));
const fetchWardLookup = (point: GeoPoint, lang: Language, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/areas/lookup', { params: { query: { lat: point.lat, lon: point.lon, lang } }, signal }));

export type CategoryList = Awaited<ReturnType<typeof fetchCategories>>;
export type Category = CategoryList['items'][number];
export type AreaList = Awaited<ReturnType<typeof fetchAreas>>;
export type Area = AreaList['items'][number];
export type WardBoundaries = Awaited<ReturnType<typeof fetchWardBoundaries>>;
export type WardFeature = WardBoundaries['features'][number];
export type WardLookup = Awaited<ReturnType<typeof fetchWardLookup>>;

const referenceStaleTime = 60 * 60 * 1000;

export function useCategories(lang: Language) {
  return useQuery({
    queryKey: ['categories', lang],
    queryFn: ({ signal }) => fetchCategories(lang, signal),
    staleTime: referenceStaleTime,
    placeholderData: keepPreviousData, // keep the list on screen while the other language loads
  });
}

export function useAreas() {
  return useQuery({
    queryKey: ['areas'],
    queryFn: ({ signal }) => fetchAreas(signal),
    staleTime: referenceStaleTime,
  });
}

export function useWardBoundaries() {
  return useQuery({
    queryKey: ['areas', 'boundaries'],
    queryFn: ({ signal }) => fetchWardBoundaries(signal),
    staleTime: referenceStaleTime,
  });
}

export function useWardLookup(point: GeoPoint | null, lang: Language) {
  return useQuery({
    queryKey: ['areas', 'lookup', point?.lat, point?.lon, lang],
    queryFn: point === null ? skipToken : ({ signal }) => fetchWardLookup(point, lang, signal),
    staleTime: referenceStaleTime,
  });
}
