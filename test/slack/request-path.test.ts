// The path a request is routed by: what URL makes of its target, without a URL per plain request.
import { describe, expect, it } from 'vitest';
import { pathOf } from '../../src/http/server.js';

describe('pathOf: the path of a request target', () => {
  const targets = [
    '/',
    '/slack/events',
    '/slack/events?ssl_check=1',
    '/slack/events#x',
    '/slack/events/',
    '/slack/events?',
    '/healthz',
    '/metrics?name=x',
    '/a.b/c',
    // Not plain: resolved as URL resolves them, so that no spelling reaches a route URL would not.
    '//evil.example/slack/events',
    '/slack/./events',
    '/slack/../slack/events',
    '/slack/%65vents',
    '/slack/events/..',
    '/slack\\events',
    '/slack//events',
    '/.hidden',
    '/a..b',
    '/a.',
    '/ü',
    '/a b',
    'http://host.example/slack/events',
    '*',
  ];
  it('answers at once for a long path that is not plain (no backtracking through its segments)', () => {
    for (const target of ['/' + 'a'.repeat(60) + '!', '/a'.repeat(5_000) + '/!', '/a.a'.repeat(5_000) + '.!'])
      expect(pathOf({ url: target })).toBe(new URL(target, 'http://localhost').pathname);
  });

  it.each(targets)('%s', (target) => {
    expect(pathOf({ url: target })).toBe(new URL(target, 'http://localhost').pathname);
  });
});
