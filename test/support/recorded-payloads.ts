// Slack's own recorded bodies (test/fixtures/slack/: slackapi/java-slack-sdk json-logs samples and
// slackapi/bolt-python scenario tests, both MIT), read as they are and filled with a test's ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'slack');

export type Json = Record<string, unknown>;

/** A java-slack-sdk sample (json-logs/samples/…): every key Slack has been seen to send, values blanked. */
export const javaSample = (name: string): Json =>
  JSON.parse(readFileSync(join(fixtures, 'java-slack-sdk', name), 'utf8')) as Json;

/** A bolt-python scenario body: realistic values, Enterprise Grid and Slack Connect ids. */
export const boltPythonBody = (name: string): Json =>
  JSON.parse(readFileSync(join(fixtures, 'bolt-python', name), 'utf8')) as Json;

/** bolt-python's slash command, as the form fields Slack posts. */
export const boltPythonSlashForm = (): Record<string, string> =>
  Object.fromEntries(
    new URLSearchParams(readFileSync(join(fixtures, 'bolt-python', 'slash_command.form'), 'utf8').trim()),
  );

/** A copy of a body with values set at dotted paths (`user.id`, `actions.0.value`); every other key stays as recorded. */
export function fill<T extends object>(body: T, values: Record<string, unknown>): T {
  const out = structuredClone(body) as Json;
  for (const [path, v] of Object.entries(values)) {
    const keys = path.split('.');
    let at = out;
    for (const k of keys.slice(0, -1)) at = at[k] as Json;
    at[keys.at(-1)!] = v;
  }
  return out as T;
}
