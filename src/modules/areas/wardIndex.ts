/**
 * Point → ward lookup in process: a grid of bounding boxes narrows the candidates, then an
 * even-odd point-in-polygon test decides. Works the same on PGlite and PostgreSQL (no PostGIS).
 *
 * The boundaries are simplified, so neighbouring wards may leave thin gaps or overlap slightly.
 * A point in a gap goes to the nearest ward when it is within `snapMeters` of its boundary; a
 * point inside two wards goes to the one whose boundary it is deepest inside.
 */
export type Ring = Array<[number, number]>; // [lon, lat]

export interface WardShape {
  id: string;
  rings: Ring[];
}

interface IndexedWard extends WardShape {
  minLon: number; minLat: number; maxLon: number; maxLat: number;
}

const CELL_DEGREES = 0.02; // ≈ 2 km: a handful of wards per cell in the centre
const METERS_PER_DEGREE_LAT = 111_320;

export function boundingBox(rings: Ring[]): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** Even-odd rule over all rings: handles holes and multi-part wards alike. */
export function containsPoint(rings: Ring[], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance in metres from the point to the nearest boundary edge (equirectangular, fine at ward scale). */
export function distanceToBoundaryMeters(rings: Ring[], lon: number, lat: number): number {
  const kx = METERS_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);
  const ky = METERS_PER_DEGREE_LAT;
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = (ring[j]![0] - lon) * kx, ay = (ring[j]![1] - lat) * ky;
      const bx = (ring[i]![0] - lon) * kx, by = (ring[i]![1] - lat) * ky;
      const dx = bx - ax, dy = by - ay;
      const lengthSq = dx * dx + dy * dy;
      const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSq));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best) best = d;
    }
  }
  return best;
}

export class WardIndex {
  private readonly cells = new Map<string, IndexedWard[]>();
  private readonly wards: IndexedWard[];

  constructor(shapes: WardShape[], private readonly snapMeters = 150) {
    this.wards = shapes.map((s) => ({ ...s, ...boundingBox(s.rings) }));
    for (const ward of this.wards) {
      for (let x = cellOf(ward.minLon); x <= cellOf(ward.maxLon); x++) {
        for (let y = cellOf(ward.minLat); y <= cellOf(ward.maxLat); y++) {
          const key = `${x}:${y}`;
          const list = this.cells.get(key);
          if (list) list.push(ward);
          else this.cells.set(key, [ward]);
        }
      }
    }
  }

  /** The ward id containing the point, or null when it is outside the city. */
  lookup(lat: number, lon: number): string | null {
    const containing: IndexedWard[] = [];
    for (const ward of this.candidates(lat, lon, 0)) {
      if (lon >= ward.minLon && lon <= ward.maxLon && lat >= ward.minLat && lat <= ward.maxLat && containsPoint(ward.rings, lon, lat)) {
        containing.push(ward);
      }
    }
    if (containing.length === 1) return containing[0]!.id;
    if (containing.length > 1) {
      // Overlap from simplification: the ward the point is deepest inside is the likelier one.
      return maxBy(containing, (w) => distanceToBoundaryMeters(w.rings, lon, lat)).id;
    }
    // In a gap between simplified boundaries, or just outside the city's edge.
    let nearest: { id: string; d: number } | null = null;
    for (const ward of this.candidates(lat, lon, this.snapMeters)) {
      const d = distanceToBoundaryMeters(ward.rings, lon, lat);
      if (d <= this.snapMeters && (!nearest || d < nearest.d)) nearest = { id: ward.id, d };
    }
    return nearest?.id ?? null;
  }

  private candidates(lat: number, lon: number, marginMeters: number): Set<IndexedWard> {
    const marginDeg = marginMeters / METERS_PER_DEGREE_LAT / Math.max(0.2, Math.cos((lat * Math.PI) / 180));
    const found = new Set<IndexedWard>();
    for (let x = cellOf(lon - marginDeg); x <= cellOf(lon + marginDeg); x++) {
      for (let y = cellOf(lat - marginDeg); y <= cellOf(lat + marginDeg); y++) {
        for (const ward of this.cells.get(`${x}:${y}`) ?? []) found.add(ward);
      }
    }
    return found;
  }
}

function cellOf(degrees: number): number {
  return Math.floor(degrees / CELL_DEGREES);
}

function maxBy<T>(items: T[], score: (item: T) => number): T {
  let best = items[0] as T;
  let bestScore = score(best);
  for (const item of items.slice(1)) {
    const s = score(item);
    if (s > bestScore) { best = item; bestScore = s; }
  }
  return best;
}
