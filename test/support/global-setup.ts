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
import { adminUrl, databaseUrl, embeddedTests } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** CERTDESK_TEST_DB=embedded: a migrated embedded database folder each test file copies. */
    templateDataDir: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const template = `certdesk_tpl_${randomBytes(4).toString('hex')}`;
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
  return async () => {
    if (templateDir) rmSync(templateDir, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
