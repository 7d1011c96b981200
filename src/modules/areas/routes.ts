/** Wards: list, boundaries as GeoJSON, and which ward a point is in. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleContext } from '../moduleContext.js';
import { unitById } from '../units/index.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, LangQuery } from '../../platform/http/commonSchemas.js';
import { localized } from '../../platform/i18n/language.js';
import type { AreaRow } from './areaService.js';
import { AreaFeatureCollection, AreaSummary, LookupQuery, LookupResult } from './schemas.js';

function present(row: AreaRow) {
  return {
    id: row.id, name: row.name, type: row.type, unitId: row.unitId, population: row.population, areaKm2: row.areaKm2,
    center: { lat: row.centerLat, lon: row.centerLon },
    bbox: [row.minLon, row.minLat, row.maxLon, row.maxLat] as [number, number, number, number],
  };
}

export const areaRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('', {
    schema: {
      tags: ['areas'],
      summary: 'All wards and communes of the city (at most a few hundred, sorted by name)',
      querystring: Type.Object({ type: Type.Optional(Type.String()), q: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 200: Type.Object({ items: Type.Array(AreaSummary), total: Type.Integer() }) },
    },
  }, async (request) => {
    const { type, q } = request.query;
    const needle = q?.toLocaleLowerCase('vi');
    const items = ctx.areas.all()
      .filter((a) => (!type || a.type === type) && (!needle || a.name.toLocaleLowerCase('vi').includes(needle)))
      .map(present);
    return { items, total: items.length };
  });

  app.get('/boundaries.geojson', {
    schema: { tags: ['areas'], summary: 'Ward boundaries as GeoJSON, for maps that need no tile server', response: { 200: AreaFeatureCollection } },
  }, async (_request, reply) => {
    void reply.header('cache-control', 'public, max-age=3600').type('application/geo+json');
    return {
      type: 'FeatureCollection' as const,
      features: ctx.areas.all().map((a) => ({
        type: 'Feature' as const,
        id: a.id,
        properties: { id: a.id, name: a.name, type: a.type },
        geometry: { type: 'MultiPolygon' as const, coordinates: a.rings.map((ring) => [ring]) },
      })),
    };
  });

  app.get('/lookup', {
    schema: {
      tags: ['areas'],
      summary: 'The ward (and its People’s Committee) at a point',
      querystring: Type.Object({ ...LookupQuery.properties, ...LangQuery }),
      response: { 200: LookupResult, ...errorResponses(422) },
    },
  }, async (request) => {
    const { lat, lon } = request.query;
    const area = ctx.areas.lookup(lat, lon);
    if (!area) {
      throw new AppError('OUTSIDE_CITY', { lat, lon }, {
        vi: `Vị trí (${lat}, ${lon}) nằm ngoài địa bàn ${ctx.city.settings.nameVi}.`,
        en: `The location (${lat}, ${lon}) is outside ${ctx.city.settings.nameEn}.`,
      });
    }
    const unit = await unitById(ctx.db, area.unitId);
    return {
      area: present(area),
      unit: { id: unit!.id, code: unit!.code, name: localized(request.language, unit!.nameVi, unit!.nameEn) },
    };
  });

  app.get('/:id', {
    schema: {
      tags: ['areas'],
      summary: 'One ward with its boundary rings',
      params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
      response: { 200: Type.Object({ ...AreaSummary.properties, rings: Type.Array(Type.Array(Type.Array(Type.Number()))) }), ...errorResponses(404) },
    },
  }, async (request) => {
    const area = ctx.areas.get(request.params.id);
    if (!area) throw AppError.notFound('area', request.params.id);
    return { ...present(area), rings: area.rings };
  });
};
