// The Slack test harness in one import: the fake Web API, signed requests into the app, and
// Block Kit's limits.
export * from '../../../src/slack/block-kit-limits.js';
export * from './fake-slack.js';
export * from './requests.js';
