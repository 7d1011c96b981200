/**
 * What the benchmark exercises. Each scenario prepares what it needs against a running server
 * and returns the load to apply. Reads rotate through several URLs so caches see realistic keys.
 */
import type autocannon from 'autocannon';
import sharp from 'sharp';
import { citizenToken, demoOfficialToken } from './lib/actors.js';

export interface ScenarioContext {
  url: string;
}

/** A multipart report submission with one small photo (64×64 JPEG), as the web app sends it. */
async function submitRequest(ctx: ScenarioContext): Promise<autocannon.Request> {
  const token = await citizenToken(ctx.url, `09${String(Date.now()).slice(-8)}`);
  const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#8a6' } }).jpeg().toBuffer();
  const boundary = '----cds-bench';
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(field('categoryCode', 'roads.pavement') + field('description', 'Vỉa hè bị vỡ, lát gạch bong tróc nhiều chỗ')
      + field('lat', '21.0285') + field('lon', '105.8542') + field('addressText', 'Phố Đinh Tiên Hoàng')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    method: 'POST', path: '/api/v1/reports', body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` },
  } as unknown as autocannon.Request;
}

export interface Scenario {
  name: string;
  description: string;
  connections: number;
  /** Runs for BENCH_MIXED_DURATION (default 60 s) instead of the per-scenario duration. */
  mixed?: boolean;
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
  {
    name: 'report submit',
    description: 'POST /api/v1/reports — multipart with one 64×64 photo: validation, photo re-encoding, routing, deadlines, timeline, outbox and audit in one transaction',
    connections: 50,
    prepare: async (ctx) => ({ requests: [await submitRequest(ctx)] }),
  },
  {
    name: 'report submit (Open311, no photo)',
    description: 'POST /open311/v2/requests.json — form-encoded, no photo: the same submit command (screening, routing, deadlines, timeline, outbox, audit)',
    connections: 50,
    prepare: async (ctx) => {
      const admin = await demoOfficialToken(ctx.url, 'admin');
      const issued = await fetch(`${ctx.url}/api/v1/open311/keys`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ name: 'bench-client' }),
      });
      const { key } = await issued.json() as { key: string };
      const form = new URLSearchParams({
        api_key: key, service_code: 'roads.pavement', lat: '21.0285', long: '105.8542',
        description: 'Vỉa hè bị vỡ, lát gạch bong tróc nhiều chỗ', address_string: 'Phố Đinh Tiên Hoàng',
      });
      return { requests: [{ method: 'POST', path: '/open311/v2/requests.json', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }] as autocannon.Request[] };
    },
  },
  {
    name: 'design load (mixed)',
    description: '≥ 500 connections for the mixed-load duration: feed, map, report pages, categories, ward lookup, nearby and 1 submit in 20 requests',
    connections: 500,
    mixed: true,
    prepare: async (ctx) => {
      const reads: autocannon.Request[] = [
        { path: '/api/v1/reports?page=1&pageSize=20' }, { path: '/api/v1/reports?page=2&pageSize=20' },
        { path: '/api/v1/reports/map.geojson?bbox=105.84,21.02,105.86,21.04' }, { path: '/api/v1/reports/map.geojson?bbox=105.82,21.03,105.84,21.05' },
        ...[1, 17, 2048, 33333, 77777].map((n) => ({ path: `/api/v1/reports/BN-2026-${String(n).padStart(7, '0')}` })),
        { path: '/api/v1/categories' }, { path: '/api/v1/categories' },
        ...POINTS.slice(0, 5).map(([lat, lon]) => ({ path: `/api/v1/areas/lookup?lat=${lat}&lon=${lon}` })),
        { path: '/api/v1/reports/nearby?categoryCode=roads.pothole&lat=21.0285&lon=105.8542' },
        { path: '/api/v1/reports?q=duong&pageSize=20' },
        { path: '/healthz' },
      ];
      return { requests: [...reads, await submitRequest(ctx)] };
    },
  },
];
