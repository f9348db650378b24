// manifest.yml against Slack's own JSON Schema for app manifests (slackapi/manifest-schema, MIT).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../commands/events/index.js';
import { SLASH_COMMAND } from '../../commands/slash/index.js';
import { METHOD_SCOPES, OTHER_SCOPES } from '../../src/slack/scopes.js';

const root = join(import.meta.dirname, '..', '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'slack', 'manifest.schema.1.0.0.json'), 'utf8'));

describe('the Slack app manifest', () => {
  it('is valid against the manifest schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('sends the /cert command, events and interactions to /slack/events', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/cert']);
    for (const url of [
      manifest.features.slash_commands[0].url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(new URL(url).pathname).toBe('/slack/events');
    }
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});

describe('the manifest and the app cannot drift', () => {
  const source = ['src', 'commands', 'jobs']
    // The app's own code; src/sandbox stands in for Slack and answers these methods rather than calling them.
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.startsWith('sandbox'))
        .map((f) => readFileSync(join(root, dir, f), 'utf8')),
    )
    .join('\n');

  it('subscribes to exactly the events the app listens to, and registers the one command it handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...EVENTS].sort());
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });

  it('asks for the scopes of the Web API methods the code calls, and no more', () => {
    const called = new Set(
      [
        ...source.matchAll(
          /\b(?:slack|client|d\.slack)\.(chat|conversations|users|reactions|views|auth)\.([a-zA-Z]+)\(/g,
        ),
      ].map((m) => `${m[1]}.${m[2]}`),
    );
    for (const method of called) expect(METHOD_SCOPES, `no scope recorded for ${method}`).toHaveProperty([method]);
    const needed = new Set([...[...called].flatMap((m) => METHOD_SCOPES[m] ?? []), ...OTHER_SCOPES]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
