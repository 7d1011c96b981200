/** The OpenAPI document, generated from the route schemas, at /api/openapi.json and /api/docs. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export const openApiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Công dân số API',
        version: '1',
        description: 'Public and official API of Công dân số. Errors always have the shape `{ "error": { "code", "message", "details" } }`; send `Accept-Language: en` or `?lang=en` for English messages (Vietnamese by default).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/v1/auth/login' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}, { name: 'openapi' });
