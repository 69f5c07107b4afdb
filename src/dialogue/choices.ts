// Buttons that go with a move. Structural, not wording: every model gets the same ones.
import { optionLetter } from '../curriculum/answers.ts';
import type { Move } from './moves.ts';

export interface Choice {
  /** Sent back as the turn's `choice` when the learner presses the button. */
  id: string;
  label: string;
}

export function choicesFor(move: Move): Choice[] | undefined {
  switch (move.kind) {
    case 'pose': {
      const answer = move.item.answer;
      if (answer.type !== 'choice') return undefined;
      return answer.options.map((o, i) => ({ id: `answer:${move.item.id}:${i}`, label: `${optionLetter(i)}) ${o}` }));
    }
    case 'topics':
    case 'not-offered':
      return move.packs.map((p) => ({ id: `/start ${p.id}`, label: p.title }));
    case 'confirm-forget':
      return [
        { id: '/yes', label: 'Yes, delete everything' },
        { id: '/no', label: 'No, keep it' },
      ];
    case 'placement-intro':
      return [{ id: '/skip', label: 'Skip the check' }];
    case 'ask-why':
      return [{ id: '/skip', label: 'Skip' }];
    case 'pack-complete':
      return [
        { id: '/topics', label: 'Topics' },
        { id: '/review', label: 'Review' },
      ];
    default:
      return undefined;
  }
}
