// The slash-command baseline: a bare Bolt app on its own HTTP receiver whose /cert handler only
// acknowledges. Run as its own process, like `certdesk serve`; prints "ready" when listening.
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  // The same identity certdesk asks for once; given here so start-up asks Slack nothing.
  botId: 'BBOT',
  botUserId: 'UBOT',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
});
app.command('/cert', async ({ ack }) => {
  await ack();
});
await app.start(port);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
