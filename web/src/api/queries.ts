/**
 * TanStack Query hooks over the typed client: one per resource the pages read. Reference data
 * (categories, wards, boundaries) changes rarely, so it stays fresh for an hour.
 */
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './openapi';
import type { Language } from '../i18n';

type JsonOf<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never;

export type CategoryList = JsonOf<'/api/v1/categories'>;
export type Category = CategoryList['items'][number];
export type AreaList = JsonOf<'/api/v1/areas'>;
export type Area = AreaList['items'][number];
export type WardBoundaries = JsonOf<'/api/v1/areas/boundaries.geojson'>;
export type WardFeature = WardBoundaries['features'][number];
export type WardLookup = JsonOf<'/api/v1/areas/lookup'>;

export interface GeoPoint {
  lat: number;
  lon: number;
}

const referenceStaleTime = 60 * 60 * 1000;

export function useCategories(lang: Language) {
  return useQuery({
    queryKey: ['categories', lang],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/categories', { params: { query: { lang } }, signal })),
    staleTime: referenceStaleTime,
    placeholderData: keepPreviousData, // keep the list on screen while the other language loads
  });
}

export function useAreas() {
  return useQuery({
    queryKey: ['areas'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/areas', { signal })),
    staleTime: referenceStaleTime,
  });
}

export function useWardBoundaries() {
  return useQuery({
    queryKey: ['areas', 'boundaries'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/areas/boundaries.geojson', { signal })),
    staleTime: referenceStaleTime,
  });
}

export function useWardLookup(point: GeoPoint | null, lang: Language) {
  return useQuery({
    queryKey: ['areas', 'lookup', point?.lat, point?.lon, lang],
    queryFn: point === null ? skipToken : ({ signal }) => unwrap(api.GET('/api/v1/areas/lookup', {
      params: { query: { lat: point.lat, lon: point.lon, lang } },
      signal,
    })),
    staleTime: referenceStaleTime,
  });
}
