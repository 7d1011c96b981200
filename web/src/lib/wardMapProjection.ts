/**
 * Projects ward polygons (GeoJSON, lon/lat) to SVG path data, so the map needs no tile server.
 * An equirectangular projection scaled by cos(latitude) at the centre: over a city-sized area
 * (about 1° across) the distortion is invisible, and it keeps the code a few lines long.
 */
export type Position = number[]; // [lon, lat]
export type MultiPolygonCoordinates = Position[][][];

export interface WardShapeInput {
  id: string;
  name: string;
  type: string;
  coordinates: MultiPolygonCoordinates;
}

export interface ProjectedWard {
  id: string;
  name: string;
  type: string;
  /** SVG path data; rings are closed, holes use the even-odd fill rule. */
  d: string;
  /** Centre of the ward's bounding box, in SVG units (where its label goes). */
  labelX: number;
  labelY: number;
  /** Bounding box in SVG units: [minX, minY, maxX, maxY]. */
  box: [number, number, number, number];
}

export interface ProjectedMap {
  width: number;
  height: number;
  wards: ProjectedWard[];
}

interface Bounds { minLon: number; minLat: number; maxLon: number; maxLat: number }

function boundsOf(wards: readonly WardShapeInput[]): Bounds | null {
  let bounds: Bounds | null = null;
  for (const ward of wards) {
    for (const polygon of ward.coordinates) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          if (lon === undefined || lat === undefined) continue;
          if (!bounds) bounds = { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
          else {
            bounds.minLon = Math.min(bounds.minLon, lon);
            bounds.maxLon = Math.max(bounds.maxLon, lon);
            bounds.minLat = Math.min(bounds.minLat, lat);
            bounds.maxLat = Math.max(bounds.maxLat, lat);
          }
        }
      }
    }
  }
  return bounds;
}

export function projectWards(wards: readonly WardShapeInput[], width = 1000, padding = 8): ProjectedMap {
  const bounds = boundsOf(wards);
  if (!bounds) return { width, height: 0, wards: [] };
  const xScale = Math.cos(((bounds.minLat + bounds.maxLat) / 2) * Math.PI / 180);
  const spanX = Math.max((bounds.maxLon - bounds.minLon) * xScale, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = Math.ceil((bounds.maxLat - bounds.minLat) * scale + 2 * padding);
  const x = (lon: number) => padding + (lon - bounds.minLon) * xScale * scale;
  const y = (lat: number) => padding + (bounds.maxLat - lat) * scale;
  const round = (value: number) => Math.round(value * 10) / 10;

  return {
    width,
    height,
    wards: wards.map((ward) => {
      const own = boundsOf([ward]) ?? bounds;
      const d = ward.coordinates
        .flatMap((polygon) => polygon.map((ring) => {
          const points = ring
            .filter((position) => position.length >= 2)
            .map(([lon, lat]) => `${round(x(lon!))} ${round(y(lat!))}`);
          return points.length > 2 ? `M${points.join('L')}Z` : '';
        }))
        .join('');
      return {
        id: ward.id,
        name: ward.name,
        type: ward.type,
        d,
        labelX: round(x((own.minLon + own.maxLon) / 2)),
        labelY: round(y((own.minLat + own.maxLat) / 2)),
        box: [round(x(own.minLon)), round(y(own.maxLat)), round(x(own.maxLon)), round(y(own.minLat))],
      };
    }),
  };
}
