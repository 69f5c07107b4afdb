// The Tutor: one entry point for every channel. A turn goes in; replies come out as they are produced.
// Per learner, turns run one after the other, and each turn is committed in one store transaction.
import { randomUUID } from 'node:crypto';
import type { Curriculum, Item } from './curriculum/pack.ts';
import { choicesFor, type Choice } from './dialogue/choices.ts';
import type { ItemStats } from './dialogue/draft.ts';
import { cleanInput } from './dialogue/input.ts';
import { askedAsSpoken } from './dialogue/subquestion.ts';
import type { Move, MoveKind } from './dialogue/moves.ts';
import { assistWanted, decideTurn, type PolicyContext, type PolicyInput } from './dialogue/policy.ts';
import type { Assist, Teaching, TurnVerdict } from './dialogue/draft.ts';
import type { Style } from './curriculum/schema.ts';
import { freshLearner, type ItemStat, type LearnerState } from './dialogue/state.ts';
import { conceptState, isConceptMastered } from './learner/selection.ts';
import { startingMastery } from './learner/performance.ts';
import { measuredStyles } from './learner/style.ts';
import { createKeyedLock } from './lock.ts';
import { guardAuthored, guardText, harmlessSentence, protectedItems, type Guarded, type GuardScene } from './model/guard.ts';
import { inspectText } from './curriculum/leaks.ts';
import { answerText } from './curriculum/answers.ts';
import { isModelMove } from './model/llm-prompt.ts';
import type { Diagnosis, Model, ModelGrade, ModelUsage, SayContext } from './model/model.ts';
import { createOfflineModel, realizeOffline } from './model/offline.ts';
import type { ForgetResult, LearnerExport, Store, StoredReply } from './store/store.ts';
import { progressRows } from './dialogue/policy.ts';
import { parseCommand, type Command } from './dialogue/intents.ts';
import { classContext, classStatements, deletionStatements, labelledVerdict } from './classes/turn.ts';
import { own } from './own.ts';

export interface Turn {
  /** How the channel knows the learner, e.g. "discord:1234" or "web:site/anon-id". */
  identity: string;
  text?: string;
  /** The id of a pressed button, from a reply's choices. */
  choice?: string;
  at?: Date | number;
  /**
   * The channel's id for this turn (a client turn id, a platform's event id). A turn sent again with the same
   * key is answered with what it sent the first time, after a restart or on another process: never run twice.
   */
  key?: string;
  /**
   * What a turn sent again under a stored key gets: its first replies again (the default, for a channel whose
   * client lost them), or, when false, only an `end` marked `repeated` (a platform redelivering an event whose
   * replies were shown already).
   */
  replay?: boolean;
  /**
   * The pack ids this channel offers (a site's "Fractions, Year 5" page offers `fractions` only); undefined
   * offers every pack. Topics, suggestions and `start` keep to them. Ids this curriculum does not have are
   * ignored, and a list with none it has offers every pack. A learner's place in a pack not offered here is
   * set aside (progress is never touched) and taken up again where the pack is offered.
   */
  offers?: readonly string[];
  /**
   * A tutoring thread in a shared channel that this turn opens or continues (e.g. "slack:T1/C1/1700000000.1"):
   * the first learner whose turn names it owns it, so that only their messages there are their answers. A
   * thread someone else owns is not taken over (see Tutor.threadOwner).
   */
  thread?: string;
}

/** Whose a tutoring thread is, seen from one learner. */
export type ThreadOwner = 'self' | 'other' | 'none';

/** A turn's key as stored: scoped to the identity, as JSON so that no separator can be forged (and PostgreSQL text takes no NUL). */
function turnKey(identity: string, key: string): string {
  return JSON.stringify([identity, String(key).slice(0, 200)]);
}

export interface Attachment {
  filename: string;
  mimeType: string;
  content: string;
}

export interface Reply {
  /** Markdown-lite: **bold**, _italic_, `code`, lists, line breaks. */
  text: string;
  choices?: Choice[];
  why: string;
  move: MoveKind;
  /** The explanation style an explanation (or an answer to the learner's question) used, so a channel need not read it from the text. */
  style?: Style;
  attachment?: Attachment;
}

export interface OpenItemView {
  id: string;
  concept: string;
  conceptTitle: string;
  difficulty: number;
}

/** Where a conversation stands after a turn: the open item, mastery per concept, and which are mastered. */
export interface TurnSummary {
  open: OpenItemView | null;
  /** The learner's working level in the current pack (1-5 scale), when a pack is chosen. */
  level?: number;
  mastery: Record<string, number>;
  /** Concepts mastered by the pack's own rule (probability and evidence), so channels need not guess. */
  mastered: string[];
}

/**
 * Replies stream as deltas (already checked by the answer guard) followed by the reply itself; the reply's
 * text is final and replaces whatever its deltas showed.
 */
export type TutorEvent =
  | { type: 'delta'; text: string }
  | { type: 'reply'; reply: Reply }
  /** `repeated`: this turn's key was answered before, and its replies were not sent again (Turn.replay false). */
  | ({ type: 'end'; verdict?: TurnVerdict; repeated?: true } & TurnSummary);

export interface TurnResult extends TurnSummary {
  replies: Reply[];
  /** What the tutor made of the learner's message, when it was an answer or a reply to a question. */
  verdict?: TurnVerdict;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TutorOptions {
  curriculum: Curriculum;
  store: Store;
  model?: Model;
  now?: () => number;
  logger?: Logger;
  /** The most a turn may wait on a language model before the offline wording takes over (default 20 s). */
  modelBudgetMs?: number;
  /**
   * `adaptive` (the default) is Ponder's policy. `fixed` is the classic baseline on the same core, for
   * measuring what the adaptivity is worth: no placement check, concepts in pack order, items in authored
   * order at their authored difficulty, explanations in the concept's first authored style.
   */
  teaching?: Teaching;
  /**
   * Ask the model, as a judge, about replies the guard's rules cannot read (another script, an encoded-looking
   * token, another language) instead of always sending the authored wording. Off by default: a judge is one
   * more call, and a model that can be talked into leaking can be talked into passing a leak.
   */
  guardJudge?: boolean;
}

export interface HistoryMessage {
  role: 'learner' | 'tutor';
  text: string;
  choices?: Choice[];
  move?: string;
}

export interface Topic {
  /** What `start <id>` takes. */
  id: string;
  title: string;
  summary: string;
}

export interface PackProgress {
  id: string;
  title: string;
  /** `reviewDue`: mastered, and its spaced review is due now. */
  concepts: Array<{ id: string; title: string; mastery: number; mastered: boolean; unlocked: boolean; reviewDue: boolean }>;
}

/** How the learner likes things explained: what they asked for, and how each style has worked for them so far. */
export interface StylePreferences {
  stated?: Style;
  measured: Array<{ style: Style; tried: number; worked: number }>;
}

export interface Tutor {
  readonly modelId: string;
  handle(turn: Turn): AsyncIterable<TutorEvent>;
  /** The whole turn at once, for channels that do not stream. */
  reply(turn: Turn): Promise<TurnResult>;
  /** The learner's last messages and the tutor's replies, oldest first; empty for someone new. */
  history(identity: string, limit?: number): Promise<HistoryMessage[]>;
  /**
   * Whether a turn with this channel key was stored already (see Turn.key): a platform that redelivers an event
   * its channel already answered (a retry after a slow acknowledgement) need not show the replies again.
   */
  answered(identity: string, key: string): Promise<boolean>;
  /** Whether a tutoring thread (Turn.thread) is this learner's, someone else's, or nobody's yet. */
  threadOwner(place: string, identity: string): Promise<ThreadOwner>;
  /** The tutoring threads this learner opened, newest first (at most 20), so a channel can take one up again. */
  threadsOf(identity: string): Promise<string[]>;
  /** Where the conversation stands: the open item and mastery per concept of the current pack. */
  status(identity: string): Promise<TurnSummary>;
  /** The packs a learner can start here (of those in `offers`, when given), for a channel's menus and suggestions. */
  topics(offers?: readonly string[]): Topic[];
  /** Mastery per concept of every pack the learner has started (of those in `offers`, when given: see Turn.offers). */
  progress(identity: string, offers?: readonly string[]): Promise<PackProgress[]>;
  /** The learner's stated explanation style and how each style has worked for them (nothing for someone new). */
  stylePreferences(identity: string): Promise<StylePreferences>;
  /** Everything stored about the learner (undefined for someone unknown). */
  exportData(identity: string): Promise<LearnerExport | undefined>;
  /** Deletes every row about the learner; `complete` once no copy is left in the store's files either. */
  forget(identity: string): Promise<ForgetResult>;
}

/** Moves that leave a guiding question open (see OpenItem.asked). */
const ASKING_MOVES = new Set<MoveKind>(['hint', 'misconception', 'diagnosis']);

/** Commands that show or leave the learner's classes: only they need the list of them read. */
const MEMBERSHIP_COMMANDS: ReadonlySet<Command['name']> = new Set(['me', 'classes', 'leave']);

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Where the text up to a finished sentence ends, so that a stream is checked a sentence at a time. */
function sentenceEnd(text: string): number {
  let end = 0;
  for (const m of text.matchAll(/[.!?:;\n](?=\s)/g)) end = (m.index ?? 0) + 1;
  return end;
}

function toMs(at: Date | number | undefined, now: () => number): number {
  if (at instanceof Date) return Number.isFinite(at.getTime()) ? at.getTime() : now();
  return typeof at === 'number' && Number.isFinite(at) ? at : now();
}

/** A queue that the turn writes to and the caller reads from, so the turn completes even if the reader stops. */
function channel<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: unknown;
  return {
    push(item: T) {
      items.push(item);
      wake?.();
    },
    close(error?: unknown) {
      done = true;
      failure = error;
      wake?.();
    },
    async *read(): AsyncGenerator<T> {
      for (;;) {
        if (items.length > 0) {
          yield items.shift() as T;
          continue;
        }
        if (done) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
  };
}

export function createTutor(options: TutorOptions): Tutor {
  const { curriculum, store } = options;
  const model = options.model ?? createOfflineModel();
  const now = options.now ?? Date.now;
  const log = options.logger ?? silent;
  const acquire = createKeyedLock();
  let itemStats: Map<string, ItemStat> | undefined;

  const statKey = (packId: string, itemId: string) => `${packId}/${itemId}`;
  const calibrated = (packId: string, itemId: string) => {
    const items = curriculum.packs.get(packId)?.calibration?.items;
    return items ? own(items, itemId) : undefined;
  };
  const items: ItemStats = {
    // Refined by this tutor's learners, else fitted from the school's logs (calibration.yaml), else as authored.
    difficulty: (packId: string, item: Item) =>
      itemStats?.get(statKey(packId, item.id))?.difficulty ?? calibrated(packId, item.id)?.difficulty ?? item.difficulty,
    attempts: (packId: string, itemId: string) =>
      itemStats?.get(statKey(packId, itemId))?.attempts ?? calibrated(packId, itemId)?.responses ?? 0,
  };

  const budgetMs = options.modelBudgetMs ?? 20_000;
  // A turn holds its learner at most this long across processes: its model budget, and time to store it. A
  // process that dies mid-turn leaves a lock that lapses after this.
  const lockTtlMs = model.id === 'offline' ? 10_000 : budgetMs + 15_000;
  const offline = model.id === 'offline';
  const teaching: Teaching = options.teaching ?? 'adaptive';

  /** The offline wording, which the content lint has checked; the authored hint if even that would leak. */
  function authored(move: Move, context: SayContext, hintLevel: number, scene: GuardScene): Guarded {
    // Authored text must be safe on its own: the conversation is no excuse for it.
    return guardAuthored(scene.authored ?? realizeOffline(move, context), move, hintLevel, { ...(scene.later ? { later: scene.later } : {}), ...(scene.language ? { language: scene.language } : {}) });
  }

  interface Attempt {
    raw: string;
    guarded: Guarded;
  }

  /**
   * One model attempt. Sentences that carry nothing an answer could be made of stream as they come; from the
   * first one that does, the rest waits until the whole reply has passed the guard.
   */
  async function attempt(move: Move, context: SayContext, hintLevel: number, scene: GuardScene, onDelta?: (text: string) => void): Promise<Attempt> {
    const items = protectedItems(move, scene.later);
    let text = '';
    let shown = 0;
    let holding = !onDelta;
    for await (const chunk of model.say(move, context)) {
      text += chunk;
      const end = sentenceEnd(text);
      if (holding || end <= shown) continue;
      const sentence = text.slice(shown, end);
      const checked = guardText(text.slice(0, end), move, hintLevel, scene);
      if (checked.leak) return { raw: text, guarded: checked };
      if (checked.unverified || !harmlessSentence(sentence, items)) {
        holding = true;
        continue;
      }
      onDelta?.(sentence);
      shown = end;
    }
    const guarded = guardText(text, move, hintLevel, scene);
    if (!guarded.leak && !guarded.unverified && onDelta && text.length > shown) onDelta(text.slice(shown));
    return { raw: text, guarded };
  }

  /** Asks the judge about a text the rules could not read; anything but a clear "safe" keeps it from the learner. */
  async function judged(move: Move, context: SayContext, result: Attempt, scene: GuardScene): Promise<boolean> {
    if (!options.guardJudge || !model.judge || !result.guarded.unverified) return false;
    try {
      for (const item of protectedItems(move, scene.later)) {
        const verdict = await model.judge({ itemPrompt: item.prompt, answer: answerText(item.answer), text: result.raw }, context);
        if (verdict !== 'safe') return false;
      }
      return true;
    } catch (error) {
      log.warn({ err: error, model: model.id }, 'the judge failed; sending the authored text');
      return false;
    }
  }

  /** A move in words: the model's where it speaks this move, regenerated once if the guard stops it, else the authored text. */
  async function speak(move: Move, context: SayContext, hintLevel: number, scene: GuardScene, onDelta: (text: string) => void): Promise<Guarded> {
    if (offline || !isModelMove(move.kind) || context.signal?.aborted) return authored(move, context, hintLevel, scene);
    try {
      const first = await attempt(move, context, hintLevel, scene, onDelta);
      if (!first.guarded.leak && !first.guarded.unverified && first.raw.trim()) return first.guarded;
      if (await judged(move, context, first, scene)) return { text: first.raw };
      if (first.guarded.leak || first.guarded.unverified) {
        log.warn({ move: move.kind, item: move.guardItem?.id, form: first.guarded.leak?.form, unverified: first.guarded.unverified, model: model.id }, 'answer guard stopped a reply; regenerating once, stricter');
        const second = await attempt(move, { ...context, strict: true }, hintLevel, scene);
        if (!second.guarded.leak && !second.guarded.unverified && second.raw.trim()) return second.guarded;
        if (await judged(move, context, second, scene)) return { text: second.raw };
        log.warn({ move: move.kind, item: move.guardItem?.id, model: model.id }, 'the regeneration was stopped too; sending the authored text');
        const fallback = authored(move, context, hintLevel, scene);
        return { text: fallback.text, ...(first.guarded.leak ? { leak: first.guarded.leak } : {}), ...(first.guarded.unverified ? { unverified: first.guarded.unverified } : {}) };
      }
    } catch (error) {
      log.warn({ err: error, move: move.kind, model: model.id }, 'model failed; using the offline wording for this move');
    }
    return authored(move, context, hintLevel, scene);
  }

  /** A model's diagnosis is used only if its label is a short phrase and neither it nor its question gives the answer away. */
  function safeDiagnosis(item: Item, diagnosis: Diagnosis, learnerText: string): Diagnosis | undefined {
    const label = diagnosis.label.trim();
    const words = label.split(/\s+/).length;
    // A label names a mistake in plain words: no figures, symbols or code ("WHERE x IS NULL").
    if (!/^[\p{L}' ,-]+$/u.test(label) || words > 10 || (label.match(/\b[A-Z]{2,}\b/g) ?? []).length >= 2) return undefined;
    const context = { prompt: item.prompt, history: [learnerText] };
    const clean = (text: string) => inspectText(item.answer, text, context).kind === 'clean';
    return clean(label) && clean(diagnosis.question) ? diagnosis : undefined;
  }

  /** Grading evidence must be the learner's own words: anything else a model "quotes" is dropped. */
  function ownWordsOnly(grade: ModelGrade, learnerText: string): ModelGrade {
    const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    const theirs = fold(learnerText);
    return { ...grade, points: grade.points.map((p) => (p.evidence && theirs.includes(fold(p.evidence).replace(/^["'“]|["'”]$/g, '')) ? p : { ...p, evidence: '' })) };
  }

  /**
   * The pack ids of Turn.offers that this curriculum has. Unknown ids are ignored (the adapter validates its
   * configuration at start-up); a list naming none of its packs offers every pack rather than leave a
   * learner with nothing to learn.
   */
  function offeredHere(offers: readonly string[] | undefined): ReadonlySet<string> | undefined {
    if (!Array.isArray(offers)) return undefined;
    const known = new Set(offers.filter((id): id is string => typeof id === 'string' && curriculum.packs.has(id)));
    return known.size > 0 ? known : undefined;
  }

  /** Model help before the policy decides; a failure or a timeout simply means no help this turn. */
  async function assistFor(ctx: PolicyContext, prior: LearnerState, input: PolicyInput, context: SayContext): Promise<Assist> {
    if (offline) return {};
    const wanted = assistWanted(ctx, prior, input);
    try {
      if (wanted.grade && model.grade) {
        const grade = await model.grade(wanted.grade, input.text, context);
        return grade ? { grade: ownWordsOnly(grade, input.text) } : {};
      }
      if (wanted.diagnose && model.diagnose) {
        const diagnosis = await model.diagnose(wanted.diagnose, input.text, context);
        const safe = diagnosis ? safeDiagnosis(wanted.diagnose, diagnosis, input.text) : undefined;
        if (diagnosis && !safe) log.warn({ item: wanted.diagnose.id, model: model.id }, 'answer guard dropped a model diagnosis');
        return safe ? { diagnosis: safe } : {};
      }
    } catch (error) {
      log.warn({ err: error, model: model.id }, 'model grading or diagnosis failed; deciding without it');
    }
    return {};
  }

  /** A teacher's grade of this same answer to the open free-text item, kept as a labelled example (classes/). */
  async function labelled(prior: LearnerState, text: string): Promise<Assist['labelled']> {
    const open = prior.conversation.open;
    const item = open ? curriculum.packs.get(open.packId)?.items.get(open.itemId) : undefined;
    if (!open || item?.answer.type !== 'rubric') return undefined;
    const verdict = await labelledVerdict(store.sql, open.packId, open.itemId, text);
    return verdict ? { verdict } : undefined;
  }

  /** What the learner has seen and written about the item open before this turn, for the guard. */
  async function itemHistory(prior: LearnerState): Promise<{ itemId?: string; texts: string[]; tutor: string[] }> {
    const open = prior.conversation.open;
    if (!open) return { texts: [], tutor: [] };
    const learnerId = prior.learnerId;
    const turns = (await store.recentTurns(learnerId, 12)).filter((t) => t.at >= open.posedAt);
    const texts = turns.flatMap((t) => [t.text, ...t.replies.map((r) => r.text)]).filter(Boolean);
    return { itemId: open.itemId, texts, tutor: turns.flatMap((t) => t.replies.map((r) => r.text)) };
  }

  /** A move's why, unless it would give a protected answer away (it can quote a model's words): then a plain one. */
  function safeWhy(move: Move, scene: GuardScene): string {
    const items = protectedItems(move, scene.later);
    // Offline, the why is the tutor's own words (templates, figures, linted authored text): read plainly, a clause
    // at a time, so that the clauses that recur turn after turn are checked once. With a model, a why can carry
    // its words (a diagnosis, a quote), so the whole of it is read every way.
    const parts = offline ? move.why.split('; ') : [move.why];
    const clean = items.every((item) => parts.every((part) => inspectText(item.answer, part, { prompt: item.prompt, ...(offline ? { ownWords: true } : {}) }).kind === 'clean'));
    return clean ? move.why : 'the next step the tutor chose for this question';
  }

  const nothingYet = (): TurnSummary => ({ open: null, mastery: {}, mastered: [] });

  function summary(state: LearnerState): TurnSummary {
    const conv = state.conversation;
    const pack = conv.packId ? curriculum.packs.get(conv.packId) : undefined;
    const ps = pack ? own(state.packs, pack.id) : undefined;
    const item = conv.open ? curriculum.packs.get(conv.open.packId)?.items.get(conv.open.itemId) : undefined;
    const mastery: Record<string, number> = {};
    if (pack) for (const id of pack.order) mastery[id] = Math.round(conceptState(state.concepts, pack.id, id, startingMastery(pack, id)).pKnown * 1000) / 1000;
    const concept = item ? curriculum.packs.get(conv.open?.packId ?? '')?.concepts.get(item.conceptId) : undefined;
    return {
      open: item ? { id: item.id, concept: item.conceptId, conceptTitle: concept?.title ?? item.conceptId, difficulty: item.difficulty } : null,
      mastery,
      mastered: pack ? pack.order.filter((id) => isConceptMastered(pack, state.concepts, id)) : [],
      ...(ps ? { level: Math.round(ps.ability * 100) / 100 } : {}),
    };
  }

  async function runTurn(turn: Turn, emit: (event: TutorEvent) => void): Promise<void> {
    const identity = String(turn.identity ?? '').slice(0, 200);
    if (!identity) throw Object.assign(new Error('A turn needs an identity, e.g. "web:site/anon-id".'), { code: 'TURN_NO_IDENTITY' });
    const release = await acquire(identity);
    let unlock: (() => Promise<void>) | undefined;
    try {
      // In-process order first (cheap), then the store's lock, which holds across processes on one database.
      unlock = await store.lockLearner(identity, lockTtlMs);
      // Scoped to the identity: one learner's ids never meet another's.
      const key = turn.key ? turnKey(identity, turn.key) : undefined;
      const replayed = key ? await store.turnByKey(key) : undefined;
      if (replayed) {
        const events = replayed as TutorEvent[];
        if (turn.replay !== false) for (const event of events) emit(event);
        else {
          const end = events.find((e) => e.type === 'end');
          emit(end ? { ...end, repeated: true } : { type: 'end', ...nothingYet(), repeated: true });
        }
        return;
      }
      itemStats ??= new Map((await store.itemStats()).map((s) => [statKey(s.packId, s.itemId), s]));
      const at = toMs(turn.at, now);
      const input0 = cleanInput(turn.text);
      const existing = await store.learnerFor(identity);
      const loaded = existing ? await store.load(existing) : undefined;
      const created = loaded === undefined;
      const prior = loaded ?? freshLearner(randomUUID(), at);
      const choice = typeof turn.choice === 'string' && turn.choice.length <= 200 ? turn.choice : undefined;
      const input: PolicyInput = { text: input0.text, ...(choice ? { choice } : {}), notes: input0.notes };
      // Only a language model needs a deadline; the offline wording is instant.
      const deadline = offline ? undefined : AbortSignal.timeout(budgetMs);
      const calls: ModelUsage[] = [];
      const baseContext = (state: LearnerState, i: number): SayContext => {
        const pack = state.conversation.packId ? curriculum.packs.get(state.conversation.packId) : undefined;
        return {
          ...(state.profile.name ? { name: state.profile.name.split(' ')[0] ?? '' } : {}),
          ...(state.profile.style ? { style: state.profile.style } : {}),
          ...(state.profile.level ? { languageLevel: state.profile.level } : {}),
          ...(pack ? { pack, level: own(state.packs, pack.id)?.ability ?? 2 } : {}),
          variant: state.conversation.turns * 7 + i,
          learnerText: input.text,
          ...(deadline ? { signal: deadline } : {}),
          usage: (u) => calls.push(u),
        };
      };
      const offers = offeredHere(turn.offers);
      // What the classes part of the turn must read: the class of a join code, and the learner's classes for a
      // command that shows or leaves them (a pressed button may stand for any command).
      const command = parseCommand(input.text);
      const classes = await classContext(store.sql, existing, prior.conversation.classes ?? [], {
        ...(command?.name === 'join' ? { joinCode: command.code } : {}),
        memberships: input.choice !== undefined || (command !== undefined && MEMBERSHIP_COMMANDS.has(command.name)),
      });
      const ctx: PolicyContext = { curriculum, items, now: at, teaching, ...(offers ? { offers } : {}), ...(classes ? { classes } : {}) };
      // An answer a teacher has graded before, word for word, takes their grade: no model is asked.
      const teacherGrade = await labelled(prior, input.text);
      const assist = teacherGrade ? { labelled: teacherGrade } : await assistFor(ctx, prior, input, baseContext(prior, 0));
      const d = decideTurn(ctx, prior, { ...input, assist });
      const state = d.state;
      if (d.forget) {
        // Deleted first, so that the reply says what is true: done, or still being wiped from the files.
        const result = created ? { complete: true } : await store.forget(prior.learnerId, deletionStatements(prior.learnerId, at));
        for (const move of d.moves) if (move.kind === 'forgotten' && !result.complete) move.pending = true;
      }
      const replies: Reply[] = [];
      const history = offline ? { texts: [] as string[], tutor: [] as string[] } : await itemHistory(prior);
      // What the tutor has already shown about each item, this turn included: a reply must not complete an
      // answer that earlier replies began ("The top number is 3." then, later, "The bottom is 8.").
      const shown = new Map<string, string[]>();
      if ('itemId' in history && history.itemId) shown.set(history.itemId, [...history.tutor]);
      const language = state.conversation.packId ? curriculum.packs.get(state.conversation.packId)?.spec.language : undefined;
      for (const [i, move] of d.moves.entries()) {
        if (move.kind === 'export') {
          const data = created ? { learnerId: prior.learnerId, note: 'nothing stored yet' } : await store.exportLearner(prior.learnerId);
          move.json = JSON.stringify(data, null, 2);
        }
        const hintLevel = state.conversation.open?.hintsUsed ?? 0;
        const context = baseContext(state, i);
        const scene: GuardScene = {
          authored: realizeOffline(move, context),
          history: 'itemId' in history && history.itemId === move.guardItem?.id ? history.texts : [],
          learnerText: input.text,
          later: d.moves.slice(i + 1).flatMap((m) => (m.kind === 'pose' ? [m.item] : [])),
          ...(language ? { language } : {}),
          ...(move.guardItem ? { shownBefore: shown.get(move.guardItem.id) ?? [] } : {}),
        };
        const guarded = await speak(move, context, hintLevel, scene, (text) => emit({ type: 'delta', text }));
        const asked = state.conversation.open?.asked;
        if (asked && ASKING_MOVES.has(move.kind) && guarded.text !== scene.authored) {
          // The learner's next reply answers the question as the model put it, not as the course wrote it.
          const spoken = askedAsSpoken(asked, guarded.text);
          const open = state.conversation.open;
          if (open) {
            if (spoken) open.asked = spoken;
            else delete open.asked;
          }
        }
        if (guarded.leak || guarded.unverified) log.warn({ move: move.kind, item: move.guardItem?.id, form: guarded.leak?.form, unverified: guarded.unverified }, 'answer guard replaced a reply');
        if (move.guardItem) shown.set(move.guardItem.id, [...(shown.get(move.guardItem.id) ?? []), guarded.text]);
        const choices = choicesFor(move);
        const reply: Reply = {
          text: guarded.text,
          ...(choices ? { choices } : {}),
          why: safeWhy(move, scene),
          move: move.kind,
          ...(move.kind === 'explain' || move.kind === 'question' ? { style: move.style } : {}),
          ...(move.kind === 'export' ? { attachment: { filename: 'ponder-my-data.json', mimeType: 'application/json', content: move.json } } : {}),
        };
        replies.push(reply);
        emit({ type: 'reply', reply });
      }
      if (d.forget) {
        emit({ type: 'end', ...nothingYet() });
        return;
      }
      const end: TutorEvent = { type: 'end', ...summary(state), ...(d.verdict ? { verdict: d.verdict } : {}) };
      const stored: StoredReply[] = replies.map((r) => ({
        text: r.move === 'export' ? '(data export)' : r.text,
        ...(r.choices ? { choices: r.choices } : {}),
        why: r.why,
        move: r.move,
      }));
      await store.commit({
        identity,
        created,
        at,
        text: input.text,
        ...(choice ? { choice } : {}),
        model: model.id,
        modelCalls: calls,
        replies: stored,
        state,
        concepts: [...d.dirtyConcepts].flatMap((key) => (state.concepts[key] ? [state.concepts[key]] : [])),
        attempts: d.attempts,
        items: [...d.itemUpdates.values()],
        ...(key ? { key, events: [...replies.map((reply) => ({ type: 'reply' as const, reply })), end] } : {}),
        ...(typeof turn.thread === 'string' && turn.thread ? { thread: turn.thread.slice(0, 300) } : {}),
        statements: classStatements(d, state.learnerId, at),
      });
      for (const stat of d.itemUpdates.values()) itemStats.set(statKey(stat.packId, stat.itemId), stat);
      emit(end);
    } finally {
      await unlock?.();
      release();
    }
  }

  return {
    modelId: model.id,
    handle(turn) {
      const events = channel<TutorEvent>();
      runTurn(turn, (e) => events.push(e)).then(
        () => events.close(),
        (error: unknown) => {
          log.error({ err: error }, 'turn failed');
          events.close(error);
        },
      );
      return events.read();
    },
    async answered(identity, key) {
      return (await store.turnByKey(turnKey(identity, key))) !== undefined;
    },
    async threadsOf(identity) {
      const learnerId = await store.learnerFor(identity);
      if (!learnerId) return [];
      return (await store.sql.all<{ place: string }>('SELECT place FROM threads WHERE learner_id = ? ORDER BY at DESC LIMIT 20', [learnerId])).map((r) => r.place);
    },
    async threadOwner(place, identity) {
      const owner = await store.threadOwner(String(place).slice(0, 300));
      if (owner === undefined) return 'none';
      return owner === (await store.learnerFor(identity)) ? 'self' : 'other';
    },
    async history(identity, limit = 40) {
      const learnerId = await store.learnerFor(identity);
      if (!learnerId) return [];
      const turns = await store.recentTurns(learnerId, limit);
      const messages: HistoryMessage[] = [];
      for (const t of turns) {
        const said = t.choice && !t.text ? t.choice : t.text;
        if (said && said !== '/resume') messages.push({ role: 'learner', text: said });
        for (const r of t.replies) messages.push({ role: 'tutor', text: r.text, ...(r.choices ? { choices: r.choices } : {}), move: r.move });
      }
      return messages.slice(-limit);
    },
    async status(identity) {
      const learnerId = await store.learnerFor(identity);
      const state = learnerId ? await store.load(learnerId) : undefined;
      return state ? summary(state) : nothingYet();
    },
    topics(offers) {
      const offered = offeredHere(offers);
      return [...curriculum.packs.values()].filter((pack) => !offered || offered.has(pack.id)).map((pack) => ({ id: pack.id, title: pack.spec.title, summary: pack.spec.summary }));
    },
    async progress(identity, offers) {
      const learnerId = await store.learnerFor(identity);
      const state = learnerId ? await store.load(learnerId) : undefined;
      if (!state) return [];
      const offered = offeredHere(offers);
      return [...curriculum.packs.values()]
        .filter((pack) => own(state.packs, pack.id) && (!offered || offered.has(pack.id)))
        .map((pack) => ({
          id: pack.id,
          title: pack.spec.title,
          concepts: progressRows(pack, state, now()).map((r) => ({ id: r.conceptId, title: r.title, mastery: Math.round(r.pKnown * 1000) / 1000, mastered: r.mastered, unlocked: r.unlocked, reviewDue: r.reviewDue })),
        }));
    },
    async stylePreferences(identity) {
      const learnerId = await store.learnerFor(identity);
      const state = learnerId ? await store.load(learnerId) : undefined;
      return { ...(state?.profile.style ? { stated: state.profile.style } : {}), measured: measuredStyles(state?.styles ?? {}) };
    },
    async exportData(identity) {
      const learnerId = await store.learnerFor(identity);
      return learnerId ? store.exportLearner(learnerId) : undefined;
    },
    async forget(identity) {
      const release = await acquire(identity);
      let unlock: (() => Promise<void>) | undefined;
      try {
        unlock = await store.lockLearner(identity, lockTtlMs);
        const learnerId = await store.learnerFor(identity);
        if (!learnerId) return { complete: true };
        return await store.forget(learnerId, deletionStatements(learnerId, now()));
      } finally {
        await unlock?.();
        release();
      }
    },
    async reply(turn) {
      const result: TurnResult = { replies: [], ...nothingYet() };
      for await (const event of this.handle(turn)) {
        if (event.type === 'reply') result.replies.push(event.reply);
        if (event.type === 'end') {
          const { type: _end, ...summaryOfTurn } = event;
          Object.assign(result, summaryOfTurn);
        }
      }
      return result;
    },
  };
}
