// The manifest an admin pastes into Slack: it must ask for every event, scope and surface the adapter uses, or the
// app installs and then silently never hears a mention or cannot post its reply.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Manifest {
  features: { slash_commands: Array<{ command: string }>; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean }; assistant_view?: { assistant_description: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(resolve(import.meta.dirname, '../../adapters/slack/manifest.yaml'), 'utf8')) as Manifest;

describe('the Slack app manifest', () => {
  it('subscribes to every event the adapter answers, with the scopes its Web API calls need', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['message.im', 'app_mention', 'message.channels', 'app_home_opened', 'assistant_thread_started']));
    // chat.postMessage/update and the stream calls, files.uploadV2, conversations.open, assistant.threads.*, the command.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'files:write', 'im:write', 'im:history', 'assistant:write', 'commands', 'app_mentions:read', 'channels:history']));
  });

  it('turns on the slash command, the Home and Messages tabs, the assistant view, buttons and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/ponder']);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.assistant_view?.assistant_description).toBeTruthy();
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
