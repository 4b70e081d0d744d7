import type { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** GraphQL bodies are small; anything bigger is refused (413) before it is parsed. */
const MAX_BODY_BYTES = 100 * 1024;

/**
 * The HTTP platform every entry point serves on (`serve`, the GraphQL load benchmark, the e2e
 * tests), so that what is measured and tested is what runs. Fastify rather than Express: on the
 * social worker's combined-record query under 50 concurrent requests it served 1,333-1,373 req/s
 * against Express's 1,067-1,102 on the same machine (the service's event loop is the bottleneck,
 * and Express's router, body parsing and response path were ~15% of it).
 */
function adapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    // No proxy is trusted: X-Forwarded-* never changes what a request is taken to be.
    trustProxy: false,
    // Fastify would wait for a request's body forever (its default is no limit; Node's own is
    // 5 minutes): a client trickling a body is cut off after 30 s. Bodies are at most 100 KiB.
    requestTimeout: 30_000,
    // Fastify's own request log would be a second log of every request; Nest logs what matters.
    logger: false,
    // Errors Fastify raises before routing (a badly percent-encoded URL, FST_ERR_BAD_URL) get a
    // fixed reply: its own message repeats the URL, which can carry an id or a name.
    frameworkErrors: (_error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      void reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'malformed request' });
    },
  });
}

interface AppOptions {
  logger?: LogLevel[] | LoggerService | false;
  abortOnError?: boolean;
}

/** The whole service as an HTTP application (not yet listening). */
export function createHttpApplication(
  module: DynamicModule,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, adapter(), options);
}

/** The same, from a compiled testing module (e2e tests), initialised and ready for supertest. */
export async function createTestingHttpApplication(
  moduleRef: TestingModule,
  options: AppOptions = {},
): Promise<INestApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter(), options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
