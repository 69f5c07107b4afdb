// A scripted learner session through the real core and a real SQLite file on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPonder, type Ponder } from '../../src/app.ts';
import { exampleAnswer } from '../../src/curriculum/answers.ts';
import type { Item } from '../../src/curriculum/pack.ts';
import type { Teaching } from '../../src/dialogue/draft.ts';
import type { TurnResult } from '../../src/tutor.ts';

export const MINI = resolve(import.meta.dirname, '../fixtures/curriculum');
export const BUNDLED = resolve(import.meta.dirname, '../../curriculum');

export interface Session {
  ponder: Ponder;
  dbPath: string;
  clock: { now: number };
  last: TurnResult;
  /** `offers`: the pack ids the channel offers (Turn.offers). */
  send(text: string, options?: { thinkMs?: number; identity?: string; offers?: readonly string[] }): Promise<TurnResult>;
  press(choice: string, options?: { thinkMs?: number }): Promise<TurnResult>;
  openItem(): Item | undefined;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function tempDb(): { dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-test-'));
  return { dbPath: join(dir, 'ponder.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startSession(options: { curriculumDir?: string; identity?: string; dbPath?: string; teaching?: Teaching } = {}): Promise<Session> {
  const curriculumDir = options.curriculumDir ?? MINI;
  const temp = options.dbPath ? undefined : tempDb();
  const dbPath = options.dbPath ?? temp?.dbPath ?? '';
  const clock = { now: Date.UTC(2026, 0, 5, 9, 0, 0) };
  const identity = options.identity ?? 'test:learner';
  const open = () => openPonder({ curriculumDir, dbPath, now: () => clock.now, ...(options.teaching ? { teaching: options.teaching } : {}) });
  const session: Session = {
    ponder: open(),
    dbPath,
    clock,
    last: { replies: [], open: null, mastery: {}, mastered: [] },
    async send(text, opts = {}) {
      clock.now += opts.thinkMs ?? 20_000;
      session.last = await session.ponder.tutor.reply({ identity: opts.identity ?? identity, text, ...(opts.offers ? { offers: opts.offers } : {}) });
      return session.last;
    },
    async press(choice, opts = {}) {
      clock.now += opts.thinkMs ?? 20_000;
      session.last = await session.ponder.tutor.reply({ identity, choice });
      return session.last;
    },
    openItem() {
      const open = session.last.open;
      if (!open) return undefined;
      for (const pack of session.ponder.curriculum.packs.values()) {
        const item = pack.items.get(open.id);
        if (item) return item;
      }
      return undefined;
    },
    async restart() {
      await session.ponder.close();
      session.ponder = open();
    },
    async close() {
      await session.ponder.close();
      temp?.cleanup();
    },
  };
  return session;
}

/** What a learner who knows the answer would type. */
export function correctAnswer(item: Item): string {
  return exampleAnswer(item.answer);
}

export const texts = (result: TurnResult): string => result.replies.map((r) => r.text).join('\n');
export const moves = (result: TurnResult): string[] => result.replies.map((r) => r.move);
