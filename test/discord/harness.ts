// The real discord.js, logged in by the Discord adapter against a local Discord (test/fakes/discord.ts), over the
// core on the fixture curriculum and a SQLite file. Short REST timeouts keep a failing test quick.
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterConfig } from '../../adapters/discord/app.ts';
import { openPonder, type Ponder } from '../../src/app.ts';
import type { Item } from '../../src/curriculum/pack.ts';
import type { Logger, Tutor } from '../../src/index.ts';
import type { Shown } from '../channel/contract.ts';
import { startFakeDiscord, type BotMessage, type FakeDiscord, type FakeDiscordOptions } from '../fakes/discord.ts';
import { learnerScanner } from '../helpers/privacy.ts';
import { MINI, correctAnswer, tempDb } from '../helpers/session.ts';

export interface DiscordUnderTest {
  fake: FakeDiscord;
  ponder: Ponder;
  adapter: DiscordAdapter;
  /** The first text channel of the fake's one server. */
  general: string;
  /** Closes the adapter and the core and opens both again over the same database, as a process restart does. */
  restart(): Promise<void>;
  /** The learner's open question, as the core has it. */
  openItem(user: { id: string }): Promise<Item | undefined>;
  /** What a learner who knows the answer to their open question would type. */
  rightAnswer(user: { id: string }): Promise<string>;
  /** Rows the store holds about a Discord user, by table (empty when none). */
  rows(user: { id: string }): Promise<Record<string, number>>;
  /** Rows in any table of the database that name the user, found even after they are forgotten. */
  rowsAbout(user: { id: string }): Promise<number>;
  close(): Promise<void>;
}

export const quiet: Logger = { info() {}, warn() {}, error() {} };

export interface OpenOptions {
  fake?: FakeDiscordOptions;
  adapter?: Partial<DiscordAdapterConfig>;
  /** Puts something between the adapter and the core's tutor (a slow one, say). */
  wrap?: (tutor: Tutor) => Tutor;
}

export async function openDiscord(options: OpenOptions = {}): Promise<DiscordUnderTest> {
  const fake = await startFakeDiscord({ heartbeatMs: 1000, ...options.fake });
  const db = tempDb();
  const start = (ponder: Ponder) =>
    createDiscordAdapter({
      tutor: options.wrap ? options.wrap(ponder.tutor) : ponder.tutor,
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      turnsPerMinute: 1000,
      rest: { timeoutMs: 3000, retries: 1 },
      readyTimeoutMs: 10_000,
      logger: quiet,
      ...options.adapter,
    });
  const scan = learnerScanner(db.dbPath, (identity) => under.ponder.store.learnerFor(identity));
  const under: DiscordUnderTest = {
    fake,
    ponder: openPonder({ curriculumDir: MINI, dbPath: db.dbPath }),
    adapter: undefined as unknown as DiscordAdapter,
    general: Object.values(fake.guilds[0]?.channels ?? {})[0] ?? '',
    async restart() {
      await under.adapter.close();
      await under.ponder.close();
      under.ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
      under.adapter = await start(under.ponder);
    },
    async openItem(user) {
      const open = (await under.ponder.tutor.status(`discord:${user.id}`)).open;
      if (!open) return undefined;
      for (const pack of under.ponder.curriculum.packs.values()) {
        const item = pack.items.get(open.id);
        if (item) return item;
      }
      return undefined;
    },
    async rightAnswer(user) {
      const item = await under.openItem(user);
      if (!item) throw new Error('no open question');
      return correctAnswer(item);
    },
    async rows(user) {
      const id = await under.ponder.store.learnerFor(`discord:${user.id}`);
      return id ? under.ponder.store.countRows(id) : {};
    },
    async rowsAbout(user) {
      return scan(`discord:${user.id}`);
    },
    async close() {
      await under.adapter.close();
      await fake.close();
      await under.ponder.close();
      db.cleanup();
    },
  };
  under.adapter = await start(under.ponder);
  return under;
}

/** Does something and returns the bot's new messages in a channel once the bot has gone quiet. */
export async function after(fake: FakeDiscord, channel: string, act: () => unknown): Promise<BotMessage[]> {
  const before = new Set(fake.in(channel).map((m) => m.id));
  act();
  await fake.settle(() => fake.in(channel).some((m) => !before.has(m.id)));
  return fake.in(channel).filter((m) => !before.has(m.id));
}

/** Messages as the channel contract compares them: text and buttons (a button's id is its custom id). */
export const shown = (messages: readonly BotMessage[]): Shown[] => messages.map((m) => ({ text: m.content, choices: m.buttons.map((b) => ({ id: b.customId, label: b.label })) }));

export const textOf = (messages: readonly BotMessage[]): string => messages.map((m) => m.content).join('\n');
