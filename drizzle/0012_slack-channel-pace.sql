CREATE TABLE "slack_channel_pace" (
	"channel" text PRIMARY KEY NOT NULL,
	"free_at" timestamp with time zone NOT NULL
);
