// The offline model: every move in words from the curriculum's authored text and a few varied phrasings,
// so the tutor needs no API key and does not repeat itself word for word.
import { answerText, numericValue, optionLetter } from '../curriculum/answers.ts';
import type { Item } from '../curriculum/pack.ts';
import type { GradeNote } from '../curriculum/answers.ts';
import type { Move, ProgressRow } from '../dialogue/moves.ts';
import { STYLES } from '../curriculum/schema.ts';
import type { Model, SayContext } from './model.ts';

const pick = (options: readonly string[], variant: number): string => options[Math.abs(variant) % options.length] ?? '';

const STYLE_LABEL: Record<string, string> = {
  'worked-example': 'a worked example',
  'step-by-step': 'step by step',
  analogy: 'an analogy',
  visual: 'a picture',
  concise: 'the short version',
};

/** "A", "A and B", "A, B and C". */
const listed = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`);

const count = (n: number | undefined, noun: string) => `${n ?? 0} ${noun}${n === 1 ? '' : 's'}`;

export function bar(p: number, width = 10): string {
  const filled = Math.round(Math.max(0, Math.min(1, p)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Three steps a child reads at a glance, and that do not jump about with every answer as a percentage does. */
function masteryBand(row: ProgressRow): string {
  if (row.pKnown >= 0.7) return '▰▰▰ nearly there';
  if (row.pKnown >= 0.4) return '▰▰▱ getting there';
  return '▰▱▱ just started';
}

const NOTE_TEXT: Record<GradeNote, string> = {
  'not-simplest': 'That is equal to the answer, but it is not in its simplest form yet. Can you simplify it?',
  'not-a-fraction': 'That has the right value. Can you write it as a fraction?',
  'wrong-unit': 'Check the unit: can you give the answer in the unit the question asks for?',
  'some-points': 'You are on the right track, and part of the idea is there. What else matters here?',
  'not-a-number': 'I could not read that as a number. Try writing it like 3/4, 0.75 or 1 1/2.',
  'not-an-expression': 'I could not read that as an expression. Try writing it like 2*x + 3 or 2(x+1).',
  'not-an-option': 'Pick one of the options: type its letter, its number or its text, or press a button.',
  'not-a-decimal': 'That has the right value. Can you write it as a decimal?',
  'author-partial': 'You are on the right track, but it is not finished yet. What is still missing?',
  'working-no-result': 'I can see your working. What number does it give you? That is your answer.',
  'not-simplified': 'That is equal to the answer, but it is not simplified yet. Can you collect the like terms?',
  'not-expanded': 'That is equal to the answer, but the brackets are still there. Can you multiply them out?',
  'not-factorised': 'That is equal to the answer, but it is not factorised. What common factor can you take out?',
};

// Ways of writing a number, shown when an answer could not be read; the ones equal to the item's own answer are
// left out, so that the advice never shows the answer ("write it like 3/4" on an item whose answer is 3/4).
const NUMBER_EXAMPLES = ['3/4', '0.75', '1 1/2', '2/5', '0.4', '2 1/3'];

function numberFormatNote(item: Item): string {
  const answer = item.answer.type === 'numeric' ? numericValue(item.answer.value) : undefined;
  const examples = NUMBER_EXAMPLES.filter((e) => answer === undefined || Math.abs(numericValue(e) - answer) > 1e-9).slice(0, 3);
  return `I could not read that as a number. Try writing it like ${examples.slice(0, -1).join(', ')} or ${examples.at(-1) ?? ''}.`;
}

const help = (example = 'fractions') => [
  '**What you can say** (as a word or with a slash):',
  `- \`topics\`: what there is to learn; \`start ${example}\`: begin a topic`,
  '- `hint`: a nudge on the current question (always there)',
  '- `explain` or `explain differently`; `style visual` (worked-example, step-by-step, analogy, visual, concise)',
  '- `harder` or `easier`; `skip`; `review`',
  '- `progress`: how well you know each concept; `why`: why I chose what I just did',
  '- `me`: what I store about you (change it with `me name Sam`, `me level 3`, `me goals ...`, `reset <concept>`)',
  '- `export my data`: everything as JSON; `forget me`: delete everything about you',
].join('\n');

function posePrefix(move: Extract<Move, { kind: 'pose' }>, v: number): string {
  if (move.mode === 'review') return pick(['**Review time.** Let\'s see if this is still fresh.', '**Quick review** of something you mastered earlier.', '**A review question**, to keep it fresh.'], v);
  if (move.mode === 'placement') return '';
  switch (move.change) {
    case 'easier':
      return pick(['Let\'s try one that is a bit gentler.', 'Here is a slightly easier one to build on.', 'Let\'s step back to a simpler one.'], v);
    case 'harder':
      return pick(['Here is a tougher one.', 'Let\'s stretch a little.', 'A harder one, as you asked.'], v);
    case 'new-concept':
      return move.withoutSummary ? `**New: ${move.concept.title}.**` : `**New: ${move.concept.title}.** ${move.concept.summary}`;
    case 'another':
      return pick(['Here is another one.', 'Try this one.', 'Let\'s try a different question.'], v);
    case 'again':
      return 'Back to our question:';
    default:
      return pick(['', 'Next question:', 'Here is the next one.', 'Try this:'], v);
  }
}

function pose(move: Extract<Move, { kind: 'pose' }>, v: number): string {
  const lines = [posePrefix(move, v), move.item.prompt].filter(Boolean);
  const answer = move.item.answer;
  if (answer.type === 'choice') {
    lines.push(answer.options.map((o, i) => `**${optionLetter(i)})** ${o}`).join('\n'));
  }
  return lines.join('\n\n');
}

function progress(move: Extract<Move, { kind: 'progress' }>): string {
  if (move.rows.length === 0) return 'No progress yet: pick a topic with `topics` and we can start.';
  const mastered = move.rows.filter((r) => r.mastered).length;
  const lines = [`**${move.packTitle ?? 'Progress'}**: ${mastered} of ${move.rows.length} mastered`];
  const locked = move.rows.filter((r) => !r.mastered && !r.unlocked);
  for (const row of move.rows) {
    if (row.mastered) lines.push(`✅ ${row.title}${row.reviewDue ? ' (review due)' : ''}`);
    else if (!row.unlocked) continue;
    else if (row.answered === 0) lines.push(`○ ${row.title}: not started`);
    else lines.push(`▶ ${row.title}: ${masteryBand(row)}`);
  }
  if (locked.length > 0) lines.push(`🔒 ${locked.length} more open up as you master these`);
  if (move.ability !== undefined) lines.push(`Questions are at level ${Math.round(move.ability)} of 5 for you.`);
  return lines.join('\n');
}

function profile(move: Extract<Move, { kind: 'profile' }>): string {
  const p = move.profile;
  const lines = [
    '**What I store about you**',
    `- Name: ${p.name ?? '(not given)'}  (change: \`me name Sam\`)`,
    `- Level or grade: ${p.level ?? '(not given)'}  (\`me level 5\`)`,
    `- Preferred explanation style: ${p.style ?? '(none: I pick what has worked for you)'}  (\`style visual\`)`,
    `- Goals: ${p.goals ?? '(not given)'}  (\`me goals pass my exam\`)`,
    `- Learning record: ${count(move.stored.concepts, 'concept')}, ${count(move.stored.topics, 'topic')}, ${count(move.stored.explanationStyles, 'rated explanation')}, your answers and our conversation.`,
    `- Classes: ${move.classes?.length ? `${move.classes.join(', ')} (their staff see your progress and answers; \`leave class <name>\` to leave)` : '(none: `join <code>` joins one)'}`,
    'Start one concept afresh with `reset <concept>`; see everything with `export my data`; delete everything with `forget me`.',
  ];
  return lines.join('\n');
}

export function realizeOffline(move: Move, ctx: SayContext): string {
  const v = ctx.variant;
  const name = ctx.name ? `, ${ctx.name}` : '';
  switch (move.kind) {
    case 'welcome':
      return `Hi${name}! I'm Ponder, a tutor who asks questions rather than handing out answers.\n_I store your answers and progress so I can adapt to you; say \`me\` to see it all and \`forget me\` to delete it._`;
    case 'topics':
      return ['**Topics**', ...move.packs.map((p) => `- **${p.title}** (\`start ${p.id}\`): ${p.summary}${p.mastered > 0 ? ` (${p.mastered}/${p.concepts} mastered)` : ''}`), 'Which one would you like?'].join('\n');
    case 'not-offered':
      // "Here", not "this page": a channel that keeps to some packs may be a page, a Discord channel or a Slack workspace.
      return `**${move.packTitle}** isn't offered here. Here you can learn ${listed(move.packs.map((p) => `**${p.title}**`))}: which would you like?`;
    case 'placement-intro':
      return `Let's start ${move.packTitle} with a quick check: up to ${move.count} questions to find the right level for you. No hints in the check, and it's fine not to know. Say \`skip\` to jump straight in at the beginning.`;
    case 'placement-done':
      if (move.skipped) return `No problem, we'll start ${move.packTitle} from the beginning.`;
      if (move.testedOut.length === 0 && !move.toConfirm?.length) return 'Thanks! We\'ll start at the beginning.';
      return [
        move.testedOut.length > 0 ? `Thanks! You already know ${move.testedOut.join(', ')}. (They come back now and then for a quick review.)` : 'Thanks!',
        move.toConfirm?.length ? `You probably know ${move.toConfirm.join(', ')} too: one question on each to make sure.` : '',
      ].filter(Boolean).join(' ');
    case 'placement-no-hints':
      return 'No hints in the quick check, and that\'s fine: I\'ll note it as one to learn. (Say `skip` to leave the check.)';
    case 'pose':
      return pose(move, v);
    case 'correct': {
      const praise = move.pace === 'fast' && !move.helped
        ? pick(['Spot on, and quick!', 'Yes! You made that look easy.', 'Exactly right, nice and fast.'], v)
        : move.helped
          ? pick(['Yes, you got there!', 'That\'s it. Working through it paid off.', 'Right! Well worked out.'], v)
          : pick(['Correct!', 'Yes, that\'s right.', 'Exactly.', 'Well done, that\'s correct.'], v);
      return praise;
    }
    case 'noted':
      return move.correct ? pick(['Right.', 'Correct.', 'Yes.'], v) : pick(['Thanks, noted.', 'Okay, noted.', 'Thanks.'], v);
    case 'partial':
      return move.feedback ?? NOTE_TEXT[move.note];
    case 'unreadable':
      if (move.note === 'not-a-number') return numberFormatNote(move.item);
      return move.note ? NOTE_TEXT[move.note] : 'I could not read that as an answer. Could you write it another way?';
    case 'follow-up':
      return `I'm not sure yet that your answer shows ${move.missing.join(' and ')}. Can you say a little more about that, in your own words?`;
    case 'diagnosis':
      return `${pick(['Hmm, not quite.', 'Let\'s look at that again.', 'Not yet.'], v)} ${move.diagnosis.question}`;
    case 'question': {
      const back = move.item ? '\n\nNow, back to our question: what do you think?' : '';
      if (move.covered === false) {
        return `Good question, but this course doesn't cover that directly. The closest thing it does cover is **${move.concept.title}**:\n\n${move.grounding}${back}`;
      }
      return `Good question. Here is how I'd put it, with ${STYLE_LABEL[move.style]}:\n\n${move.grounding}${back}`;
    }
    case 'misconception':
      return `${pick(['Hmm, not quite.', 'Let\'s look at that again.', 'Not yet.', 'Interesting answer.'], v)} ${move.misconception.question}`;
    case 'hint':
      return move.answerRequested
        ? `I won't give the answer away just yet, but here's a nudge (${move.level}/${move.of}): ${move.text}`
        : `${pick(['Hint', 'Here\'s a nudge', 'Think about this'], v)} (${move.level}/${move.of}): ${move.text}`;
    case 'step':
      return move.result === 'right'
        ? `${pick(['Yes, that\'s right.', 'Exactly.', 'Right.'], v)} Now use that: ${move.item.prompt}`
        : move.result === 'wrong'
          ? `${pick(['Not quite, have another look at that step.', 'Not yet: check that step again.'], v)}${move.backToQuestion ? ` Then try the question again: ${move.item.prompt}` : ''}`
          : `${pick(['Okay.', 'Thanks.', 'I see.'], v)} With that in mind, what is your answer to the question? ${move.item.prompt}`;
    case 'remediation':
      return `${pick(['That\'s the same slip again, so let\'s look at it directly.', 'Let\'s look at that mistake directly.'], v)}\n\n${move.misconception.remediation ?? move.misconception.question}\n\nHave another go.`;
    case 'explain': {
      const lead = move.reason === 'differently'
        ? `Let me explain it a different way, with ${STYLE_LABEL[move.style]}:`
        : move.reason === 'struggle'
          ? `This one is tricky, so let's look at the idea with ${STYLE_LABEL[move.style]}:`
          : move.reason === 'out-of-hints'
            ? `That was the last hint, so here is the idea with ${STYLE_LABEL[move.style]}:`
            : `Here it is with ${STYLE_LABEL[move.style]}:`;
      return `${lead}\n\n${move.text}`;
    }
    case 'reveal':
      return `Here is how it works out:\n\n${move.solution}\n\n**Answer:** ${answerText(move.item.answer, move.item.prompt)}`;
    case 'ask-why':
      return pick(['Nice. Can you tell me **why** that works?', 'Right! Now, **why** does that work? Explain it in your own words.', 'Good. Before we move on: why is that the answer?'], v);
    case 'why-feedback':
      switch (move.assessment) {
        case 'sound':
          return `${pick(['Good reasoning.', 'Yes, that\'s the key idea.', 'Well explained.'], v)} Here's how I'd put it too: ${move.model}`;
        case 'mistaken':
          return `Hmm, that reason doesn't quite hold. Here's the reasoning that does: ${move.model}`;
        default:
          return `Thanks. Compare it with how I'd put it: ${move.model}`;
      }
    case 'explain-request':
      return move.reason === 'rapid-answer'
        ? pick(['That was very fast! Before I count it: how did you work it out?', 'Quick! Talk me through how you got that.', 'Whoa, fast. Tell me your thinking: how did you get there?'], v)
        : 'You\'re moving through the hints quickly. Before the next one, tell me what you have tried so far, even if you\'re unsure. (Say `hint` again if you still want it.)';
    case 'mastered':
      return move.next
        ? `🎉 You've mastered **${move.concept.title}**! Next up: **${move.next.title}**.`
        : `🎉 You've mastered **${move.concept.title}**!`;
    case 'pack-complete':
      return `You've mastered every concept in **${move.packTitle}**. I'll bring concepts back for review when they're due. Say \`topics\` to pick something new, or \`review\` any time.`;
    case 'progress':
      return progress(move);
    case 'profile':
      return profile(move);
    case 'profile-updated':
      return move.field === 'name' ? `Nice to meet you, ${move.value}!` : `Got it: your ${move.field} is now "${move.value}".`;
    case 'help':
      return help(move.example);
    case 'last-why':
      return `**Why:** ${move.text}`;
    case 'level-changed':
      if (move.appliesTo === 'next') {
        return move.direction === 'up' ? 'Okay, the next questions will be harder. Let\'s finish this one first.' : 'Okay, the next questions will be easier. Let\'s finish this one first.';
      }
      return move.direction === 'up' ? 'Okay, a harder one.' : 'Okay, an easier one.';
    case 'style-set':
      return `Got it: I'll explain with ${STYLE_LABEL[move.style]} first from now on.`;
    case 'style-unknown':
      return `I don't know the style "${move.given}". Choose one of: ${STYLES.join(', ')}.`;
    case 'skipped':
      return pick(['Skipped. No problem.', 'Okay, let\'s leave that one.', 'Sure, skipping it.'], v);
    case 'no-review-due':
      return move.nextDue !== undefined
        ? `Nothing is due for review yet (the next review is on ${new Date(move.nextDue).toISOString().slice(0, 10)}).${move.conceptTitle ? ` Here's an extra review of ${move.conceptTitle} anyway.` : ''}`
        : 'Nothing to review yet: reviews start once you have mastered a concept.';
    case 'export':
      return `Here is everything I store about you, as JSON:\n\`\`\`json\n${move.json}\n\`\`\``;
    case 'confirm-forget':
      return 'This deletes **everything** I store about you: your profile, progress and our conversation. It cannot be undone. Are you sure? (yes / no)';
    case 'forgotten':
      return move.pending
        ? 'Your profile, progress and our conversation are deleted. The last copies are still being wiped from the database\'s files; that finishes on its own within minutes. If you write again, we start fresh.'
        : 'Done. Everything about you has been deleted. If you write again, we start fresh.';
    case 'forget-cancelled':
      return 'Okay, nothing was deleted.';
    case 'joined':
      return [
        `You joined **${move.className}**.`,
        `From now on ${move.staff.length ? listed(move.staff) : 'the staff of this class'} can see your progress in every topic and the answers you give me, and may adjust what I teach you (I'll always tell you when they do).`,
        ...(move.solutionsHidden ? ['In this class your teacher asked me not to show worked solutions for now: I will help you get there instead.'] : []),
        `\`classes\` shows the classes you are in; \`leave class ${move.className}\` stops sharing with them.`,
      ].join('\n');
    case 'already-joined':
      return `You are already in **${move.className}**.`;
    case 'join-unknown':
      return `No class has the code "${move.code}". Check it with your teacher (codes look like \`K7QM-4TZ\`).`;
    case 'left':
      return `You left **${move.className}**: its staff no longer see your progress or answers.`;
    case 'leave-unknown':
      return move.classes.length ? `You are not in a class called "${move.given}". Your classes: ${listed(move.classes.map((c) => `**${c}**`))}.` : "You aren't in any class.";
    case 'classes':
      return move.classes.length
        ? ['**Your classes** (their staff see your progress and answers)', ...move.classes.map((c) => `- **${c.name}**${c.staff.length ? `: ${listed(c.staff)}` : ''}`), 'Leave one with `leave class <name>`.'].join('\n')
        : "You aren't in any class. Your teacher can give you a code: `join <code>`.";
    case 'teacher-override':
      return `${move.change}: "${move.reason}"`;
    case 'concept-reset':
      return `Done: **${move.concept.title}** starts afresh.`;
    case 'unknown-concept':
      return `I don't know a concept called "${move.given}".${move.options.length ? ` The concepts are: ${move.options.join(', ')}.` : ''}`;
    case 'unknown-topic':
      return `I don't have a topic called "${move.given}".`;
    case 'input-note':
      switch (move.note) {
        case 'empty':
          return 'I didn\'t catch anything there. Type an answer, or `help` to see what I can do.';
        case 'cut':
          return '_Your message was very long, so I read only the first 4,000 characters._';
        case 'binary':
          return 'That looks like a file or binary data rather than text, so I can\'t read it. Could you type your answer?';
        case 'unknown-command':
          return 'I don\'t know that command. Say `help` to see what I can do.';
        case 'fixed-course':
          return 'This course runs in a fixed order at a fixed difficulty, so I can\'t make it harder or easier.';
      }
      return '';
    case 'nothing-open':
      return 'There\'s no question open right now. Say `topics` to pick something to learn.';
    case 'item-closed':
      return 'That question is already closed. Let\'s keep going with the current one.';
  }
}

export function createOfflineModel(): Model {
  return {
    id: 'offline',
    async *say(move, context) {
      yield realizeOffline(move, context);
    },
  };
}
