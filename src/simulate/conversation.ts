// One simulated learner working through one pack with the real tutor, turn by turn, as a person would: it
// reads only what a channel sees (the replies, their move and style, and the turn summary's open item), and
// records what the metrics need, comparing every mastery declaration with the hidden truth.
import type { Item, Pack } from '../curriculum/pack.ts';
import type { Style } from '../curriculum/schema.ts';
import type { Tutor, TurnResult } from '../tutor.ts';
import type { Declaration, ExplanationRecord, LearnerRun } from './metrics.ts';
import { styleRegret } from './metrics.ts';
import { knows, practise, respond, study, type Mind } from './mind.ts';

export interface ConversationOptions {
  /** The most turns a learner takes on a pack before the run gives up on them. */
  maxTurns: number;
  /** The simulated clock, advanced by each message's thinking time. */
  clock: { now: number };
}

/** A learner who knows the answer says why it works in a sentence; the tutor only needs a real sentence. */
function reasonFor(item: Item, pack: Pack): string {
  return item.why ?? pack.concepts.get(item.conceptId)?.summary ?? 'because of how the parts fit together';
}

export async function runLearner(tutor: Tutor, pack: Pack, mind: Mind, options: ConversationOptions): Promise<LearnerRun> {
  const { clock } = options;
  const identity = `simulated:${mind.learner.id}`;
  const run: LearnerRun = { learnerId: mind.learner.id, answers: 0, answersOnKnown: 0, finished: false, turns: 0, declarations: [], explanations: [], learnedAtItem: {} };
  const itemsOn = new Map<string, number>();
  let posed: string | undefined;
  const track = (result: TurnResult) => {
    if (result.open && result.open.id !== posed) itemsOn.set(result.open.concept, (itemsOn.get(result.open.concept) ?? 0) + 1);
    posed = result.open?.id;
  };
  const learned = () => {
    for (const id of pack.order) if (run.learnedAtItem[id] === undefined && knows(mind, id)) run.learnedAtItem[id] = itemsOn.get(id) ?? 0;
  };
  learned();
  const declarations: Declaration[] = run.declarations;
  const explanations: ExplanationRecord[] = run.explanations;
  let mastered = new Set<string>();

  const send = async (text: string, thinkMs: number): Promise<TurnResult> => {
    clock.now += thinkMs;
    run.turns += 1;
    return tutor.reply({ identity, text, at: clock.now });
  };
  const notice = (result: TurnResult) => {
    const now = new Set(result.mastered);
    const placement = result.replies.some((r) => r.move === 'placement-done');
    for (const id of result.mastered) if (!mastered.has(id)) declarations.push({ conceptId: id, known: knows(mind, id), placement });
    mastered = now;
  };

  await send('hi', 5_000);
  let result = await send(`start ${pack.id}`, 5_000);
  let lastItem: Item | undefined;
  let idle = 0;
  while (run.turns < options.maxTurns) {
    learned();
    track(result);
    notice(result);
    if (pack.order.every((id) => mastered.has(id))) {
      run.finished = true;
      break;
    }
    const moves = new Set(result.replies.map((r) => r.move));
    const open = result.open ? pack.items.get(result.open.id) : undefined;
    let answered: Item | undefined;
    if (moves.has('explain-request') && open) {
      result = await send('I worked it out from the numbers in the question, step by step', 15_000);
    } else if (open) {
      const response = respond(mind, open);
      run.answers += 1;
      if (response.knew) run.answersOnKnown += 1;
      result = await send(response.text, response.ms);
      // A placement question gives no teaching, so it is no learning opportunity; practice is.
      if (!result.replies.some((r) => r.move === 'noted')) practise(mind, open.conceptId);
      answered = open;
      lastItem = open;
    } else if (moves.has('ask-why') && lastItem) {
      result = await send(reasonFor(lastItem, pack), 20_000);
    } else {
      // Nothing open: saying anything that is not a command lets the tutor pose the next item.
      if (++idle > 3) break;
      result = await send('continue', 5_000);
      continue;
    }
    idle = 0;
    for (const reply of result.replies) {
      if (reply.move !== 'explain' || !reply.style || !answered) continue;
      const available = Object.keys(answered.explanations) as Style[];
      explanations.push({ conceptId: answered.conceptId, style: reply.style, regret: styleRegret(mind.learner.styles, available, reply.style) });
      study(mind, answered.conceptId, reply.style);
    }
  }
  if (!run.finished) {
    notice(result);
    run.finished = pack.order.every((id) => mastered.has(id));
  }
  return run;
}
