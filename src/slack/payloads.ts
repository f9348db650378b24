// Slack's requests as they arrive at /slack/events, checked before any listener runs: a signed body
// of another shape is answered 400 at once. Each schema names the fields certdesk reads and lets
// Slack send any others (the recorded payloads in test/fixtures/slack/ are Slack's real shapes).
import { z } from 'zod';

const id = z.string().min(1);

const isJsonOrEmpty = (s: string) => {
  if (s === '') return true;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** certdesk writes private_metadata as JSON; Slack sends "" when a view has none. */
const PrivateMetadata = z.string().refine(isJsonOrEmpty, 'private_metadata is not JSON');

const StateValues = z.record(z.string(), z.record(z.string(), z.unknown()));

/** A slash command (form fields). */
export const SlashPayload = z.looseObject({
  command: z.string().startsWith('/'),
  text: z.string().default(''),
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string().optional(),
});

/** A click or choice in a message, a modal or the App Home. */
export const ActionPayload = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id }),
  actions: z.array(z.looseObject({ action_id: z.string(), type: z.string() })),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z
    .looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional(), type: z.string().optional() })
    .partial()
    .optional(),
  trigger_id: z.string().optional(),
  view: z
    .looseObject({
      id: z.string(),
      hash: z.string().optional(),
      private_metadata: PrivateMetadata.optional(),
      callback_id: z.string().optional(),
      state: z.looseObject({ values: StateValues }).optional(),
    })
    .optional(),
});

/** A modal submitted (or closed, when it asks to be told). */
export const ViewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user: z.looseObject({ id }),
  trigger_id: z.string().optional(),
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: PrivateMetadata.default(''),
    state: z.looseObject({ values: StateValues }),
  }),
});

/** The events the manifest subscribes to, with what their listeners read. */
const Event = z.union([
  z.looseObject({ type: z.literal('app_home_opened'), user: id, tab: z.string().optional() }),
  z.looseObject({ type: z.literal('message'), channel: id, ts: id }),
  z.looseObject({ type: z.string().refine((t) => t !== 'app_home_opened' && t !== 'message') }),
]);

export const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event_id: id,
  event: Event,
});

/** Every body Slack sends to the Request URL that certdesk serves. */
export const SlackRequest = z.union([
  SlashPayload,
  ActionPayload,
  ViewPayload,
  EventCallback,
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
  z.looseObject({ ssl_check: z.literal('1') }),
]);
