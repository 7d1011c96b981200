/**
 * What the benchmark exercises. Each scenario prepares what it needs against a running server
 * and returns the load to apply. Reads rotate through several URLs so caches see realistic keys.
 */
import type autocannon from 'autocannon';

export interface ScenarioContext {
  url: string;
}

export interface Scenario {
  name: string;
  description: string;
  connections: number;
  prepare(ctx: ScenarioContext): Promise<{ path?: string; requests?: autocannon.Request[]; method?: string; body?: string; headers?: Record<string, string> }>;
}

/** Points spread over central Hanoi for ward lookups. */
const POINTS: Array<[number, number]> = [
  [21.0285, 105.8542], [21.0368, 105.8347], [21.0045, 105.8431], [21.0532, 105.8215], [20.9932, 105.8126],
  [21.0151, 105.8009], [21.0721, 105.8632], [20.9805, 105.7924], [21.0390, 105.7840], [21.0012, 105.8650],
];

export const scenarios: Scenario[] = [
  {
    name: 'health',
    description: 'GET /healthz — the framework and middleware alone',
    connections: 50,
    prepare: async () => ({ path: '/healthz' }),
  },
  {
    name: 'categories',
    description: 'GET /api/v1/categories — the whole category tree (79 rows) from the database',
    connections: 50,
    prepare: async () => ({ requests: [{ path: '/api/v1/categories' }, { path: '/api/v1/categories?lang=en' }] }),
  },
  {
    name: 'ward lookup',
    description: 'GET /api/v1/areas/lookup — point → ward in process, plus the ward unit from the database',
    connections: 50,
    prepare: async () => ({ requests: POINTS.map(([lat, lon]) => ({ path: `/api/v1/areas/lookup?lat=${lat}&lon=${lon}` })) }),
  },
  {
    name: 'units page',
    description: 'GET /api/v1/units?kind=ward — a paginated, counted list from the database',
    connections: 50,
    prepare: async () => ({ requests: [1, 2, 3].map((page) => ({ path: `/api/v1/units?kind=ward&pageSize=50&page=${page}` })) }),
  },
  {
    name: 'public feed',
    description: 'GET /api/v1/reports — newest public reports, pages 1–5, and a diacritic-free text search',
    connections: 50,
    prepare: async () => ({
      requests: [
        ...[1, 2, 3, 4, 5].map((page) => ({ path: `/api/v1/reports?page=${page}&pageSize=20` })),
        { path: '/api/v1/reports?q=duong&pageSize=20' },
      ],
    }),
  },
  {
    name: 'map bbox',
    description: 'GET /api/v1/reports/map.geojson — points in a ~2 km box in central Hanoi (limit 500)',
    connections: 50,
    prepare: async () => ({
      requests: POINTS.slice(0, 5).map(([lat, lon]) => ({ path: `/api/v1/reports/map.geojson?bbox=${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}` })),
    }),
  },
  {
    name: 'report page',
    description: 'GET /api/v1/reports/{publicId} — one report with media and timeline',
    connections: 50,
    prepare: async () => ({ requests: [1, 17, 2048, 33333, 77777].map((n) => ({ path: `/api/v1/reports/BN-2026-${String(n).padStart(7, '0')}` })) }),
  },
  {
    name: 'nearby',
    description: 'GET /api/v1/reports/nearby — open reports of a category within 150 m',
    connections: 50,
    prepare: async (ctx) => {
      const categories = await (await fetch(`${ctx.url}/api/v1/categories`)).json() as { items: Array<{ code: string; parentCode: string | null }> };
      const codes = categories.items.filter((c) => c.parentCode).map((c) => c.code).slice(0, 5);
      return { requests: codes.flatMap((code, i) => [{ path: `/api/v1/reports/nearby?categoryCode=${code}&lat=${POINTS[i]![0]}&lon=${POINTS[i]![1]}` }]) };
    },
  },
];
