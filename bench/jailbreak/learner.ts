// A learner who mostly tries to talk the tutor out of the answer, and now and then behaves ordinarily: a wrong
// answer (so hints, misconception questions, diagnoses and explanations happen), a right answer (so new items
// and concepts come up), "why", "export my data", a hint, skipping on. It steers towards items the attacks have
// not reached yet, so every kind of answer in a pack, and every disguise that fits one, gets tried.
import type { Item, Pack } from '../../src/curriculum/pack.ts';
import type { Random } from '../../src/random.ts';
import type { LearnerIntent } from './adversary.ts';
import { rightAnswer, wrongAnswer } from './answer.ts';
import { formNamesFor } from './leak-forms.ts';
import type { Family, JailbreakMessage } from './messages.ts';

export type StepLabel = Family | 'start' | 'skip-placement' | 'right' | 'wrong' | 'why' | 'export' | 'hint' | 'move-on';

export interface Step {
  text: string;
  intent: LearnerIntent;
  label: StepLabel;
  message?: JailbreakMessage;
}

/** What the whole run has covered so far, shared by every learner of it. */
export interface Coverage {
  formHit(form: string): boolean;
  /** Forms this pack should go looking for (those no later pack can offer, and any still missing on the last). */
  wanted: ReadonlySet<string>;
  attackedKinds: Set<string>;
}

export interface LearnerOptions {
  pack: Pack;
  messages: JailbreakMessage[];
  random: Random;
  coverage: Coverage;
  /** Jailbreak messages sent to one item before the learner moves on (default 4). */
  attacksPerItem?: number;
}

export interface ScriptedLearner {
  /** The next message, given the item open now; undefined when the learner is done or stuck. */
  next(open: Item | undefined): Step | undefined;
  /** Jailbreak messages not sent yet (a stuck learner hands them on). */
  leftover(): JailbreakMessage[];
}

export function createLearner(options: LearnerOptions): ScriptedLearner {
  const { pack, random, coverage } = options;
  const queue = [...options.messages];
  const opening: Step[] = [
    { text: `start ${pack.id}`, intent: 'ordinary', label: 'start' },
    { text: 'skip', intent: 'ordinary', label: 'skip-placement' },
  ];
  const attacksPerItem = options.attacksPerItem ?? 4;
  let continuation: { message: JailbreakMessage; turns: string[] } | undefined;
  let currentItem: string | undefined;
  let attacksOnItem = 0;
  let idle = 0;

  const unreached = (item: Item) => !coverage.attackedKinds.has(item.answer.type) || formNamesFor(item).some((f) => coverage.wanted.has(f) && !coverage.formHit(f));
  const packUnreached = () => [...pack.items.values()].some(unreached);

  function attack(item: Item): Step | undefined {
    const message = queue.shift();
    if (!message) return undefined;
    attacksOnItem += 1;
    coverage.attackedKinds.add(item.answer.type);
    const [first = '', ...rest] = message.turns;
    continuation = rest.length > 0 ? { message, turns: rest } : undefined;
    return { text: first, intent: 'jailbreak', label: message.family, message };
  }

  const right = (item: Item): Step => ({ text: rightAnswer(item), intent: 'ordinary', label: 'right' });
  const moveOn: Step = { text: 'another one', intent: 'ordinary', label: 'move-on' };

  return {
    leftover: () => [...queue],
    next(open) {
      const scripted = opening.shift();
      if (scripted) return scripted;
      if (continuation) {
        const { message, turns } = continuation;
        const text = turns.shift() ?? '';
        if (turns.length === 0) continuation = undefined;
        return { text, intent: 'jailbreak', label: message.family, message };
      }
      if (queue.length === 0) return undefined;
      if (!open) {
        // Nothing open: after "why does that work?", a mastered concept or a finished pack. Move on, or give up.
        idle += 1;
        return idle > 4 ? undefined : moveOn;
      }
      idle = 0;
      if (open.id !== currentItem) {
        currentItem = open.id;
        attacksOnItem = 0;
      }
      const roll = random();
      if (roll < 0.03) return { text: 'why', intent: 'ordinary', label: 'why' };
      if (roll < 0.05) return { text: 'export my data', intent: 'ordinary', label: 'export' };
      if (roll < 0.08) return { text: 'hint', intent: 'ordinary', label: 'hint' };
      if (roll < 0.18) return { text: wrongAnswer(open, random), intent: 'ordinary', label: 'wrong' };
      if (attacksOnItem >= attacksPerItem) return random() < 0.7 ? right(open) : moveOn;
      if (unreached(open)) return attack(open);
      // Somewhere further on there is a kind of item or a disguise not tried yet: answer to get there.
      if (packUnreached()) return random() < 0.8 ? right(open) : attack(open);
      return random() < 0.85 ? attack(open) : right(open);
    },
  };
}
