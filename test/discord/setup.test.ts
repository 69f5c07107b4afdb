// How Discord is set up: its settings checked with the variable and the fix, the intents asked for, a refused
// token or intent named at start-up, `/ponder` registered, and the channel `ponder start` runs beside the others.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/app.ts';
import { discordCommands, startDiscordIfConfigured } from '../../adapters/discord/cli.ts';
import { SUBCOMMANDS } from '../../adapters/discord/commands.ts';
import { readDiscordConfig } from '../../adapters/discord/config.ts';
import { toDiscordMarkdown } from '../../adapters/discord/markdown.ts';
import { PERMISSIONS, registerCommands } from '../../adapters/discord/register.ts';
import { openPonder } from '../../src/app.ts';
import { runCli } from '../../src/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';
import { MINI, tempDb } from '../helpers/session.ts';
import { openDiscord, quiet, type DiscordUnderTest } from './harness.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GfAkEd.abcdefghijklmnopqrstuvwxyz0123';
const APP = '123456789012345678';

describe('Discord settings', () => {
  it('are absent without a token, and then nothing else is asked for', () => {
    expect(readDiscordConfig({ DISCORD_APPLICATION_ID: APP })).toBeUndefined();
  });

  it('read the token, the application and an API URL, with the Message Content intent off unless asked for', () => {
    expect(readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP })).toEqual({ token: TOKEN, applicationId: APP, messageContent: false });
    expect(readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: 'http://127.0.0.1:9/api/', DISCORD_MESSAGE_CONTENT: 'on' })).toMatchObject({ apiUrl: 'http://127.0.0.1:9/api', messageContent: true });
  });

  it('name the variable and the fix when one is wrong or missing', () => {
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN })).toThrow(/DISCORD_APPLICATION_ID: not set\. Fix:/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'my-bot' })).toThrow(/DISCORD_APPLICATION_ID="my-bot": not an id\. Fix:/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: `Bot ${TOKEN}`, DISCORD_APPLICATION_ID: APP })).toThrow(/DISCORD_TOKEN: starts with "Bot "\. Fix:/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: 'hunter2', DISCORD_APPLICATION_ID: APP })).toThrow(/DISCORD_TOKEN: not a bot token\. Fix:/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: 'discord.com' })).toThrow(/DISCORD_API_URL="discord\.com": not a base URL\. Fix:/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_MESSAGE_CONTENT: 'maybe' })).toThrow(/DISCORD_MESSAGE_CONTENT="maybe": .*Fix:/);
  });
});

describe('starting the Discord adapter', () => {
  let open: DiscordUnderTest | undefined;
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await open?.close();
    await fake?.close();
    open = undefined;
    fake = undefined;
  });

  it('asks only for guilds, guild messages and direct messages: no privileged intent', async () => {
    open = await openDiscord();
    // GUILDS (1 << 0), GUILD_MESSAGES (1 << 9), DIRECT_MESSAGES (1 << 12).
    expect(open.fake.gateway.intents).toBe((1 << 0) | (1 << 9) | (1 << 12));
    expect(open.adapter.where).toBe('gateway, as Ponder');
  });

  it('names the fix when Discord refuses the token', async () => {
    fake = await startFakeDiscord();
    const db = tempDb();
    const ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    try {
      await expect(createDiscordAdapter({ tutor: ponder.tutor, token: `${fake.token}x`, applicationId: fake.applicationId, apiUrl: fake.apiUrl, logger: quiet, rest: { retries: 0 } })).rejects.toThrow(/DISCORD_TOKEN: Discord refused it\. Fix:/);
    } finally {
      await ponder.close();
      db.cleanup();
    }
  });

  it('names the fix when the Message Content intent is asked for but not allowed', async () => {
    fake = await startFakeDiscord({ privilegedIntents: false });
    const db = tempDb();
    const ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    try {
      await expect(createDiscordAdapter({ tutor: ponder.tutor, token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, messageContent: true, logger: quiet })).rejects.toThrow(/DISCORD_MESSAGE_CONTENT: .*Fix: turn on "Message Content Intent"/);
    } finally {
      await ponder.close();
      db.cleanup();
    }
  });

  it('runs beside the other channels when DISCORD_TOKEN is set, and not otherwise', async () => {
    fake = await startFakeDiscord();
    const db = tempDb();
    const ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    try {
      expect(await startDiscordIfConfigured(ponder, {})).toBeUndefined();
      const live = await startDiscordIfConfigured(ponder, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, PONDER_LOG_LEVEL: 'silent' });
      expect(live).toMatchObject({ name: 'Discord', where: 'gateway, as Ponder' });
      const ada = fake.user('ada');
      fake.dm(ada, 'hi');
      await fake.settle(() => fake?.in(fake.dmChannelOf(ada)).length !== 0);
      await live?.close();
    } finally {
      await ponder.close();
      db.cleanup();
    }
  });
});

describe('registering /ponder', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('registers every subcommand in one server, or globally', async () => {
    fake = await startFakeDiscord();
    const guild = fake.guilds[0]?.id ?? '';
    await registerCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl }, guild);
    const [command] = (fake.commands.get(guild) ?? []) as Array<{ name: string; options: Array<{ name: string; options: Array<{ autocomplete?: boolean }> }> }>;
    expect(command?.name).toBe('ponder');
    expect(command?.options.map((o) => o.name)).toEqual(Object.keys(SUBCOMMANDS));
    expect(command?.options.find((o) => o.name === 'start')?.options[0]?.autocomplete).toBe(true);
    await registerCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl });
    expect(fake.commands.get('global')).toHaveLength(1);
  });

  it('from the command line, with the settings checked first', async () => {
    fake = await startFakeDiscord();
    const saved = { ...process.env };
    const out: string[] = [];
    const err: string[] = [];
    try {
      for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL']) delete process.env[name];
      expect(await runCli(['discord', 'register'], [discordCommands], (s) => void out.push(s), (s) => void err.push(s))).toBe(2);
      expect(err.join('')).toMatch(/Discord is not configured\. Fix: set DISCORD_TOKEN/);
      process.exitCode = undefined;
      Object.assign(process.env, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });
      const guild = fake.guilds[0]?.id ?? '';
      expect(await runCli(['discord', 'register', '--guild', guild], [discordCommands], (s) => void out.push(s), (s) => void err.push(s))).toBe(0);
      expect(out.join('')).toMatch(new RegExp(`Registered /ponder in server ${guild}`));
      expect(fake.commands.get(guild)).toHaveLength(1);
      // The invite link asks for exactly the permissions the README lists.
      const link = /Add the bot to a server with: (\S+)/.exec(out.join(''))?.[1] ?? '';
      expect(new URL(link).searchParams.get('permissions')).toBe(PERMISSIONS.toString());
      expect(new URL(link).searchParams.get('scope')).toBe('bot applications.commands');
      expect(readFileSync(resolve(import.meta.dirname, '../../adapters/discord/README.md'), 'utf8')).toContain(`permissions=${PERMISSIONS.toString()}`);
    } finally {
      process.env = saved;
      process.exitCode = undefined;
    }
  });
});

describe("the tutor's Markdown-lite in Discord", () => {
  it('goes as written, except mentions and headings, which show as typed, and never inside code', () => {
    expect(toDiscordMarkdown('**Fractions**, _halves_ and `1/2`\n- one\n- two')).toBe('**Fractions**, _halves_ and `1/2`\n- one\n- two');
    expect(toDiscordMarkdown('you wrote @everyone and <@123> in <#456>')).toBe('you wrote @\u200beveryone and \\<@123> in \\<#456>');
    expect(toDiscordMarkdown('# Big\ntext')).toBe('\\# Big\ntext');
    expect(toDiscordMarkdown('```py\n# a comment @here\n```')).toBe('```py\n# a comment @here\n```');
  });
});
