// Once per test run: build the command line (tests run it as a child process) and migrate a
// template database that each test file copies into a database of its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { ensureRedis } from '../../src/runtime/redis.js';
import { adminUrl, databasePrefix, databaseUrl, embeddedTests } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** CERTDESK_TEST_DB=embedded: a migrated embedded database folder each test file copies. */
    templateDataDir: string;
    /** The Redis the tests may empty: TEST_REDIS_URL, or a private redis-server for this run. */
    testRedisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  const template = `${databasePrefix()}tpl_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migrateToLatest(databaseUrl(template));
  project.provide('templateDatabase', template);
  const templateDir = embeddedTests() ? mkdtempSync(join(tmpdir(), 'certdesk-tpl-')) : '';
  if (templateDir) {
    const embedded = await openEmbedded(templateDir);
    await migrateToLatest(embedded.url);
    await embedded.stop();
  }
  project.provide('templateDataDir', templateDir);
  // Tests empty their Redis databases: never a developer's Redis at the default address, only the
  // one named by TEST_REDIS_URL or a redis-server of this run's own (as the sandbox starts one).
  const redisDir = mkdtempSync(join(tmpdir(), 'certdesk-test-redis-'));
  const redis = await ensureRedis(process.env.TEST_REDIS_URL, redisDir, () => {}, {
    privateOnly: !process.env.TEST_REDIS_URL,
  });
  project.provide('testRedisUrl', redis.url);
  // What the tests start (serve, worker, the command line) inherits this, so none of it queues jobs
  // in a developer's Redis either.
  process.env.REDIS_URL = redis.url;
  return async () => {
    await redis.stop();
    rmSync(redisDir, { recursive: true, force: true });
    if (templateDir) rmSync(templateDir, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
