// Scripted learners of six kinds, run against the real tutor on a pack, with every rule the tutor must keep
// checked turn by turn: no mastery for what the learner does not know, no worked solution before the pack's
// policy allows it, no credit for an answer copied from a solution, no praise for a wrong reason, no reply
// taken as an answer to the wrong question, and a working level that moves in bounded steps and never up
// without success. The learners read only what a channel sees (replies, their move, the turn's verdict, the
// open item and level); what they know of the pack is what a learner of their kind would know.
import { exampleAnswer, grade } from '../curriculum/answers.ts';
import type { Item, Pack } from '../curriculum/pack.ts';
import type { AnswerSpec } from '../curriculum/schema.ts';
import { expectedMs } from '../learner/ability.ts';
import { workedAnswer } from '../dialogue/subquestion.ts';
import type { Tutor, TurnResult } from '../tutor.ts';

export const SCRIPTED_KINDS = ['strong', 'quick', 'misconception', 'dont-know', 'copier', 'guesser'] as const;
export type ScriptedKind = (typeof SCRIPTED_KINDS)[number];

export interface Violations {
  /** Concepts declared mastered that the learner does not know. */
  falseMastery: string[];
  /** Worked solutions shown before the pack's policy allowed them. */
  revealsBeforePolicy: string[];
  /** Answers copied from a shown solution that were credited as the learner's own. */
  creditedCopies: string[];
  /** Wrong reasons for "why does that work?" that were praised. */
  praisedWrongReasons: string[];
  /** Replies read as answers to the wrong question, or right answers marked wrong. */
  misroutedReplies: string[];
  /** Working-level moves larger than a level in one turn, or upward without a right answer. */
  levelViolations: string[];
  /** Items posed again after they were answered right, while the concept had items never answered right. */
  repeatedItems: string[];
}

export interface ScriptedRun {
  pack: string;
  learner: ScriptedKind;
  turns: number;
  /** Answers sent to items (placement included). */
  answers: number;
  /** Answers sent before each concept was declared mastered, for the concepts that were. */
  answersToMastery: Record<string, number>;
  mastered: string[];
  /** The working level after each turn that had one. */
  levelPath: number[];
  /** Replies to the tutor's guiding questions that had a checkable answer. */
  steps: number;
  reveals: number;
  /** Right answers the copier typed from a solution it was shown. */
  copies: number;
  violations: Violations;
}

export const violationCount = (v: Violations): number => Object.values(v).reduce((n, list) => n + list.length, 0);

const START = Date.UTC(2026, 2, 2, 9);
const DONT_KNOW = ["I don't know", 'no idea', 'can i have a hint', "what's the answer?", 'just tell me', 'idk'];

/** A plausible wrong answer of the item's own kind. */
export function wrongAnswer(item: Item, salt = 0): string {
  const spec = item.answer;
  switch (spec.type) {
    case 'choice':
      return spec.options.find((o) => o !== spec.correct) ?? 'a';
    case 'numeric': {
      const right = exampleAnswer(spec);
      for (const candidate of [String(7 + salt), String(13 + salt), '0', '1000001']) if (grade(spec, candidate, item.prompt).verdict === 'incorrect' && candidate !== right) return candidate;
      return '1000001';
    }
    case 'expression':
      return `(${spec.answer}) + 1`;
    case 'rubric':
      return 'it looks like it is bigger, so that one';
    default:
      return 'banana split';
  }
}

function misconceptionAnswer(item: Item): string | undefined {
  for (const m of item.misconceptions) {
    const answer = m.answers?.[0];
    if (answer === undefined) continue;
    if (grade(item.answer, String(answer), item.prompt).verdict === 'incorrect') return String(answer);
  }
  return undefined;
}

/** The concept this learner holds a mistake about: the first with a misconception the course can recognise. */
function misconceptionConcept(pack: Pack): string {
  for (const id of pack.order) {
    const concept = pack.concepts.get(id);
    if (concept?.items.some((i) => misconceptionAnswer(i) !== undefined)) return id;
  }
  return pack.order[0] ?? '';
}

/** The answer to the guiding question the tutor just asked, when the course or plain arithmetic gives one. */
function stepAnswer(item: Item, level: number, text: string): string | undefined {
  const spec: AnswerSpec | undefined = item.hintAnswers[level - 1] ?? workedAnswer(item.hints[level - 1] ?? text);
  if (!spec) return undefined;
  // A step whose answer is also the item's answer would be no step: the hint gave the item away.
  const answer = exampleAnswer(spec);
  return grade(item.answer, answer, item.prompt).verdict === 'correct' ? undefined : answer;
}

/** A right answer as people type it: bare, wrapped in a few words, or (for options) the option's text. */
function phrased(item: Item, n: number): string {
  const bare = exampleAnswer(item.answer, item.prompt);
  const spec = item.answer;
  if (spec.type === 'choice') return n % 2 === 0 ? bare : spec.correct;
  if (spec.type === 'rubric') return bare;
  return [bare, `I think it's ${bare}`, `${bare}.`][n % 3] ?? bare;
}

function pickGuess(item: Item, n: number): string {
  const spec = item.answer;
  if (spec.type === 'choice') return 'abcdef'[n % spec.options.length] ?? 'a';
  if (spec.type === 'numeric') return String((n * 7) % 23);
  return ['x', 'maybe', 'ok', '42'][n % 4] ?? 'x';
}

interface Seen {
  /** The answer of the last worked solution shown, and the questions posed since. */
  revealed: string | undefined;
  posedSince: number;
}

/** A copier copies what it has just been shown: the answer of the last solution, for the next few questions. */
const COPIES_AFTER_A_SOLUTION = 3;

export async function runScripted(tutor: Tutor, pack: Pack, kind: ScriptedKind, options: { maxTurns?: number; identity?: string } = {}): Promise<ScriptedRun> {
  const maxTurns = options.maxTurns ?? 160;
  const identity = options.identity ?? `scripted:${pack.id}:${kind}`;
  const clock = { now: START };
  const run: ScriptedRun = {
    pack: pack.id,
    learner: kind,
    turns: 0,
    answers: 0,
    answersToMastery: {},
    mastered: [],
    levelPath: [],
    steps: 0,
    reveals: 0,
    copies: 0,
    violations: { falseMastery: [], revealsBeforePolicy: [], creditedCopies: [], praisedWrongReasons: [], misroutedReplies: [], levelViolations: [], repeatedItems: [] },
  };
  const v = run.violations;
  const weakConcept = misconceptionConcept(pack);
  const knows = (conceptId: string): boolean => kind === 'strong' || kind === 'quick' || (kind === 'misconception' && conceptId !== weakConcept);
  const policy = pack.spec.policy;
  const seen: Seen = { revealed: undefined, posedSince: 0 };
  let wrongOnOpen = 0;
  let rightOnOpen = false;
  let openId: string | undefined;
  let level: number | undefined;
  const mastered = new Set<string>();
  const hinted = new Set<string>();
  const solved = new Set<string>();
  /** Hints shown per item, so a reply to the latest one knows which it was. */
  const hintsSeen = new Map<string, number>();
  let lastAnswered: string | undefined;
  let lastRight = false;

  const send = async (text: string, thinkMs: number): Promise<TurnResult> => {
    clock.now += thinkMs;
    run.turns += 1;
    return tutor.reply({ identity, text, at: clock.now });
  };

  /** Checks one turn's outcome against the rules. `sent` describes what the learner meant by the message. */
  const check = (result: TurnResult, sent: { kind: 'item' | 'step' | 'why' | 'other'; right: boolean; copied?: boolean; itemId?: string; before?: Record<string, number> }, label: string) => {
    const verdict = result.verdict;
    if (sent.kind === 'item' && sent.itemId === openId) {
      if (verdict?.on === 'item' && verdict.result === 'wrong') wrongOnOpen += 1;
      if (verdict?.on === 'item' && verdict.result === 'right') rightOnOpen = true;
    }
    for (const reply of result.replies) {
      if (reply.move === 'hint' && result.open) hintsSeen.set(result.open.id, (hintsSeen.get(result.open.id) ?? 0) + 1);
      if (reply.move !== 'reveal') continue;
      run.reveals += 1;
      const allowed = policy.reveal === 'after-attempts' && (wrongOnOpen >= policy.revealAfter || rightOnOpen);
      if (!allowed) v.revealsBeforePolicy.push(`${label}: solution of ${openId ?? '?'} after ${wrongOnOpen} wrong answer(s) (policy: ${policy.reveal} ${policy.revealAfter})`);
      seen.revealed = /\*\*Answer:\*\*\s*(.+)$/m.exec(reply.text)?.[1]?.replace(/^[a-f]\)\s*/, '').trim() ?? reply.text.split('\n').at(-1);
      seen.posedSince = 0;
    }
    if (sent.right && sent.kind === 'item' && (verdict?.result === 'wrong' || (verdict !== undefined && verdict.on !== 'item'))) {
      v.misroutedReplies.push(`${label}: a right answer to ${sent.itemId} was read as ${verdict.on} ${verdict.result}`);
    }
    if (sent.kind === 'step' && !(verdict?.on === 'step' && verdict.result === 'right') && !(verdict?.on === 'item' && verdict.result !== 'wrong')) {
      v.misroutedReplies.push(`${label}: the right reply to a guiding question was read as ${verdict ? `${verdict.on} ${verdict.result}` : 'nothing'}`);
    }
    if (sent.kind === 'why' && !sent.right && verdict?.on === 'why' && verdict.result === 'right') v.praisedWrongReasons.push(`${label}: a wrong reason was called sound`);
    // A copy that happens to be wrong is only a wrong answer; a right one must earn nothing.
    if (sent.copied && sent.right && sent.itemId) {
      run.copies += 1;
      const item = pack.items.get(sent.itemId);
      const concept = item?.conceptId ?? '';
      const rose = (result.mastery[concept] ?? 0) > (sent.before?.[concept] ?? 0) + 1e-6;
      if (verdict?.credited || rose) v.creditedCopies.push(`${label}: a copied answer to ${sent.itemId} was credited`);
    }
    for (const id of result.mastered) {
      if (mastered.has(id)) continue;
      mastered.add(id);
      run.answersToMastery[id] = run.answers;
      if (!knows(id)) v.falseMastery.push(`${label}: ${id} declared mastered`);
    }
    if (result.level !== undefined) {
      if (level !== undefined) {
        const step = result.level - level;
        if (Math.abs(step) > 1 + 1e-9) v.levelViolations.push(`${label}: level moved ${level.toFixed(2)} → ${result.level.toFixed(2)} in one turn`);
        if (step > 1e-9 && !(sent.kind === 'item' && sent.right)) v.levelViolations.push(`${label}: level rose ${level.toFixed(2)} → ${result.level.toFixed(2)} without a right answer`);
      }
      level = result.level;
      run.levelPath.push(result.level);
    }
    if (sent.kind === 'item' && sent.itemId && verdict?.on === 'item' && verdict.result === 'right') solved.add(sent.itemId);
    if (result.open && result.open.id !== openId && solved.has(result.open.id)) {
      const concept = pack.concepts.get(result.open.concept);
      // The question just closed is not posed straight back, so it does not count as left.
      const unsolved = concept?.items.filter((i) => !solved.has(i.id) && i.id !== openId).length ?? 0;
      const mode = result.replies.find((r) => r.move === 'pose')?.text ?? '';
      // A review of a mastered concept may come back to an item on purpose; practice should not.
      if (unsolved > 0 && !/review/i.test(mode) && !mastered.has(result.open.concept)) v.repeatedItems.push(`${label}: ${result.open.id} posed again after it was answered right`);
    }
    if (result.open?.id !== openId) {
      if (result.open) seen.posedSince += 1;
      openId = result.open?.id;
      wrongOnOpen = 0;
      rightOnOpen = false;
    }
  };

  await send('hi', 3_000);
  let result = await send(`start ${pack.id}`, 3_000);
  check(result, { kind: 'other', right: false }, 'start');
  openId = result.open?.id;
  let n = 0;
  while (run.turns < maxTurns) {
    n += 1;
    const label = `turn ${run.turns + 1}`;
    const moves = result.replies.map((r) => r.move);
    if (moves.includes('pack-complete')) break;
    const item = result.open ? pack.items.get(result.open.id) : undefined;
    const before = result.mastery;
    if (moves.at(-1) === 'ask-why') {
      const lastItem = lastAnswered ? pack.items.get(lastAnswered) : undefined;
      const right = kind === 'strong' || kind === 'quick';
      const reason = right ? (lastItem?.why ?? 'because the parts have to match before they can be combined') : 'because it just looks right to me, that is the rule i remember';
      result = await send(reason, 20_000);
      check(result, { kind: 'why', right }, label);
      continue;
    }
    if (!item) {
      // Nothing open (a closing move, a why answered): carry on.
      result = await send('next', 3_000);
      check(result, { kind: 'other', right: false }, label);
      continue;
    }
    // The guesser and the quick learner answer within seconds; the others take about as long as the item should.
    const think = kind === 'guesser' || kind === 'quick' ? 1_500 : Math.max(4_000, expectedMs(item) * 0.7);
    const lastReply = result.replies.at(-1);
    if (lastReply?.move === 'explain-request') {
      const right = kind === 'strong' || kind === 'quick';
      result = await send(right ? `I worked it out: ${item.why ?? 'the parts have to match'}` : 'dunno', 10_000);
      // The explanation completes the fast answer before it: a right answer, now counted, if it was right.
      check(result, { kind: 'item', right: right && lastRight, itemId: item.id }, label);
      continue;
    }
    // A learner who can do arithmetic answers the tutor's guiding question when it has a plain answer.
    if (kind === 'misconception' && lastReply?.move === 'hint') {
      const hintLevel = hintsSeen.get(item.id) ?? 0;
      const step = hintLevel > 0 ? stepAnswer(item, hintLevel, lastReply.text) : undefined;
      if (step !== undefined) {
        run.steps += 1;
        result = await send(step, think);
        check(result, { kind: 'step', right: true, itemId: item.id }, label);
        continue;
      }
    }
    // A learner stuck on a concept asks for a hint on each new question of it before trying.
    if (kind === 'misconception' && !knows(item.conceptId) && !hinted.has(item.id)) {
      hinted.add(item.id);
      result = await send('can i have a hint', think);
      check(result, { kind: 'other', right: false }, label);
      continue;
    }
    let text: string;
    let right = false;
    let copied = false;
    switch (kind) {
      case 'strong':
      case 'quick':
        text = phrased(item, n);
        right = true;
        break;
      case 'misconception':
        if (knows(item.conceptId)) {
          text = exampleAnswer(item.answer);
          right = true;
        } else text = misconceptionAnswer(item) ?? wrongAnswer(item, n);
        break;
      case 'dont-know':
        text = DONT_KNOW[n % DONT_KNOW.length] ?? "I don't know";
        result = await send(text, think);
        check(result, { kind: 'other', right: false }, label);
        continue;
      case 'copier':
        text = seen.revealed !== undefined && seen.posedSince <= COPIES_AFTER_A_SOLUTION ? seen.revealed : '';
        copied = text !== '' && grade(item.answer, text, item.prompt).verdict !== 'unreadable';
        // A copy that does not even fit the question (a number for a choice) is not tried: a wrong answer is.
        if (copied) right = grade(item.answer, text, item.prompt).verdict === 'correct';
        else text = wrongAnswer(item, n);
        break;
      case 'guesser':
        text = pickGuess(item, n);
        right = grade(item.answer, text, item.prompt).verdict === 'correct';
        break;
    }
    run.answers += 1;
    lastAnswered = item.id;
    lastRight = right;
    result = await send(text, think);
    check(result, { kind: 'item', right, copied, itemId: item.id, before }, label);
  }
  run.mastered = [...mastered];
  return run;
}

