/**
 * The map's bounding box: parsed from `minLon,minLat,maxLon,maxLat`, refused (422 naming
 * `querystring.bbox`) when inverted, empty, off the globe or larger than twice the city's own
 * extent each way — a box that size would only ever be answered by the limit.
 */
import { AppError } from '../../../platform/errors/appError.js';
import type { Language } from '../../../platform/i18n/language.js';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** The smallest box around every ward; null for a city without wards. */
export function cityExtent(areas: ReadonlyArray<{ minLon: number; minLat: number; maxLon: number; maxLat: number }>): BBox | null {
  if (areas.length === 0) return null;
  return [
    Math.min(...areas.map((a) => a.minLon)), Math.min(...areas.map((a) => a.minLat)),
    Math.max(...areas.map((a) => a.maxLon)), Math.max(...areas.map((a) => a.maxLat)),
  ];
}

export function parseBBox(text: string, extent: BBox | null, lang: Language): BBox {
  const fail = (vi: string, en: string) => AppError.validation([{ field: 'querystring.bbox', message: lang === 'en' ? en : vi }]);
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length !== 4 || values.some((v) => !Number.isFinite(v))) {
    throw fail('cần 4 số: minLon,minLat,maxLon,maxLat', 'needs four numbers: minLon,minLat,maxLon,maxLat');
  }
  const [minLon, minLat, maxLon, maxLat] = values as BBox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    throw fail('kinh độ phải trong [-180, 180], vĩ độ trong [-90, 90]', 'longitudes must be within [-180, 180] and latitudes within [-90, 90]');
  }
  if (minLon >= maxLon || minLat >= maxLat) {
    throw fail('khung bị đảo ngược hoặc rỗng: cần minLon < maxLon và minLat < maxLat', 'the box is inverted or empty: minLon < maxLon and minLat < maxLat are needed');
  }
  if (extent) {
    const maxWidth = 2 * (extent[2] - extent[0]);
    const maxHeight = 2 * (extent[3] - extent[1]);
    if (maxLon - minLon > maxWidth || maxLat - minLat > maxHeight) {
      throw fail(
        `khung quá lớn: tối đa ${maxWidth.toFixed(3)}° kinh độ × ${maxHeight.toFixed(3)}° vĩ độ (gấp đôi địa bàn thành phố)`,
        `the box is too large: at most ${maxWidth.toFixed(3)}° of longitude × ${maxHeight.toFixed(3)}° of latitude (twice the city's extent)`,
      );
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}
