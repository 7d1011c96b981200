import { Type } from 'typebox';

export const AreaSummary = Type.Object({
  id: Type.String({ description: 'Official ward code', examples: ['00070'] }),
  name: Type.String(),
  type: Type.String({ description: 'phuong (urban ward) or xa (commune)' }),
  unitId: Type.String({ format: 'uuid', description: "The ward People's Committee unit" }),
  population: Type.Union([Type.Integer(), Type.Null()]),
  areaKm2: Type.Union([Type.Number(), Type.Null()]),
  center: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: '[minLon, minLat, maxLon, maxLat]' }),
});

export const LookupQuery = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
});

export const LookupResult = Type.Object({
  area: AreaSummary,
  unit: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
});

export const AreaFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    id: Type.String(),
    properties: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
    geometry: Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))) }),
  })),
}, { description: 'GeoJSON (RFC 7946) of the ward boundaries, simplified' });
