import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { createTestingHttpApplication } from '../../src/http/http-application';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The whole service on a fresh database, HTTP on a random port; for e2e GraphQL tests. */
export async function createTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    // as `npm start` runs on a laptop; a test of production behaviour says so
    NODE_ENV: 'development',
    JWT_SECRET: 'test-secret-not-for-production',
    PSEUDONYM_KEY: 'test-pseudonym-key',
    DEMO_CHILDREN: '0',
    ...env,
    DATABASE_URL: db.url,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
  const app = await createTestingHttpApplication(moduleRef, { logger: ['error'] });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
