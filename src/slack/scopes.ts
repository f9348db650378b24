// The bot scopes each Web API method certdesk calls needs: manifest.yml asks for these and no more
// (a test keeps the three in step: the calls in the code, this table, the manifest).
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  // Finding a message an interrupted delivery posted, by its metadata, in public and private channels.
  'conversations.history': ['channels:history', 'groups:history'],
  // The same for a reply (a reminder) in a notice's thread.
  'conversations.replies': ['channels:history', 'groups:history'],
  'reactions.add': ['reactions:write'],
  // The person's language (include_locale).
  'users.info': ['users:read'],
  // The bot's own identity: any token may ask.
  'auth.test': [],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

/** Scopes the app needs beyond its Web API calls: the slash command, and reading thread replies to notices. */
export const OTHER_SCOPES = ['commands', 'channels:history', 'groups:history'] as const;
