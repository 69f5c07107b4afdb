// Commands, as slash words and as the natural phrasings people use. Natural phrasings must match the whole
// message, so that an answer that happens to contain "hint" or "next" is still read as an answer.
import { STYLES, type Style } from '../curriculum/schema.ts';

export type Command =
  | { name: 'help' }
  | { name: 'topics' }
  | { name: 'start'; topic: string }
  | { name: 'hint' }
  | { name: 'progress' }
  | { name: 'harder' }
  | { name: 'easier' }
  | { name: 'explain'; differently: boolean }
  | { name: 'style'; style: string }
  | { name: 'skip' }
  | { name: 'review' }
  | { name: 'why' }
  | { name: 'me' }
  | { name: 'set'; field: 'name' | 'level' | 'goals' | 'style'; value: string }
  | { name: 'reset'; concept: string }
  | { name: 'export' }
  | { name: 'forget' }
  | { name: 'yes' }
  | { name: 'no' }
  | { name: 'resume' }
  | { name: 'unknown'; word: string };

const STYLE_WORDS: Array<[RegExp, Style]> = [
  [/^(worked[- ]?examples?|examples?)$/, 'worked-example'],
  [/^(step[- ]?by[- ]?step|steps)$/, 'step-by-step'],
  [/^(analog(y|ies)|comparisons?|stories)$/, 'analogy'],
  [/^(visual|pictures?|diagrams?|drawings?)$/, 'visual'],
  [/^(concise|short|brief|quick)$/, 'concise'],
];

export function styleFromWords(text: string): Style | undefined {
  const t = text.trim().toLowerCase();
  if ((STYLES as readonly string[]).includes(t)) return t as Style;
  return STYLE_WORDS.find(([re]) => re.test(t))?.[1];
}

function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[!?.,]+$/g, '')
    .replace(/^(please|pls|plz|ok(ay)?|hey|hi|so|um+|hmm+)[,\s]+/, '')
    .replace(/[,\s]+(please|pls|plz)$/, '')
    .replace(/^(can|could|would) you\s+/, '')
    .replace(/^(i want to|i'd like to|i would like to|let me|let's|lets)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const NATURAL: Array<[RegExp, (m: RegExpExecArray) => Command]> = [
  [/^(help|commands|what can you do|how does this work|menu help|\?)$/, () => ({ name: 'help' })],
  [/^(topics|courses|menu|list topics|show topics|what can i (learn|study)|what (topics|courses) (are there|do you have))$/, () => ({ name: 'topics' })],
  [/^(?:start|learn|study|practi[cs]e|begin|teach me|learn about)\s+(?:the\s+)?(.+?)(?:\s+(?:topic|course|pack))?$/, (m) => ({ name: 'start', topic: m[1] ?? '' })],
  [/^(hint|a hint|another hint|give me a hint|(i )?need a hint|clue|help me|i'm stuck|im stuck|i am stuck|stuck|i don't know|i dont know|idk|no idea|not sure|i have no idea)$/, () => ({ name: 'hint' })],
  [/^(progress|my progress|show( my)? progress|how am i doing|stats|my stats|score|my score)$/, () => ({ name: 'progress' })],
  [/^(harder|too easy|this is too easy|make it harder|something harder|challenge me|more difficult|more challenging|give me something harder)$/, () => ({ name: 'harder' })],
  [/^(easier|too hard|this is too hard|too difficult|this is too difficult|make it easier|something easier|give me something easier)$/, () => ({ name: 'easier' })],
  [/^(explain (it )?(differently|another way|in a different way|again)|another explanation|different explanation|explain it some other way)$/, () => ({ name: 'explain', differently: true })],
  [/^(explain|explain (it|this|that)|i don't (get|understand) (it|this|that)|i dont (get|understand) (it|this|that)|i don't understand|i dont understand|what does (that|this) mean)$/, () => ({ name: 'explain', differently: false })],
  [/^(?:style|i prefer|explain with|explain using|explain in)\s+(.+?)(?:\s+(?:style|explanations?))?$/, (m) => ({ name: 'style', style: m[1] ?? '' })],
  [/^(skip|next|pass|next question|skip (it|this|this one|this question)|another (one|question))$/, () => ({ name: 'skip' })],
  [/^(review|revise|revision|review time|time to review|(do )?some review)$/, () => ({ name: 'review' })],
  [/^(why|why this|why this (one|question|item)|why did you (pick|choose) (this|that)|why that)$/, () => ({ name: 'why' })],
  [/^(me|my profile|profile|about me|what do you (know|store|keep) about me|my data|what do you store)$/, () => ({ name: 'me' })],
  [/^(?:my name is|call me|i'm called|i am called|me name|set name)\s+(.+)$/, (m) => ({ name: 'set', field: 'name', value: m[1] ?? '' })],
  [/^(?:i'm in|i am in|my grade is|my level is|me level|me grade|set level)\s+(.+)$/, (m) => ({ name: 'set', field: 'level', value: m[1] ?? '' })],
  [/^(?:my goals? (?:is|are)|me goals?|set goals?)\s+(.+)$/, (m) => ({ name: 'set', field: 'goals', value: m[1] ?? '' })],
  [/^(?:me style|my style is|set style)\s+(.+)$/, (m) => ({ name: 'set', field: 'style', value: m[1] ?? '' })],
  [/^(?:reset|reset concept|me reset|start over on)\s+(.+)$/, (m) => ({ name: 'reset', concept: m[1] ?? '' })],
  [/^(export|export( my)? data|download( my)? data|give me my data|my data as json)$/, () => ({ name: 'export' })],
  [/^(forget me|delete me|delete my data|delete all my data|erase my data|erase me|remove my data)$/, () => ({ name: 'forget' })],
  [/^(yes|y|yes please|yes delete|yes delete everything|confirm|sure|do it)$/, () => ({ name: 'yes' })],
  [/^(no|n|cancel|no thanks|keep it|don't|dont|stop)$/, () => ({ name: 'no' })],
];

const SLASH: Record<string, (arg: string) => Command> = {
  help: () => ({ name: 'help' }),
  topics: () => ({ name: 'topics' }),
  start: (arg) => ({ name: 'start', topic: arg }),
  hint: () => ({ name: 'hint' }),
  progress: () => ({ name: 'progress' }),
  harder: () => ({ name: 'harder' }),
  easier: () => ({ name: 'easier' }),
  explain: (arg) => ({ name: 'explain', differently: /differ|another|again/.test(arg) }),
  style: (arg) => ({ name: 'style', style: arg }),
  skip: () => ({ name: 'skip' }),
  review: () => ({ name: 'review' }),
  why: () => ({ name: 'why' }),
  me: (arg) => parseMe(arg),
  reset: (arg) => ({ name: 'reset', concept: arg }),
  export: () => ({ name: 'export' }),
  forget: () => ({ name: 'forget' }),
  yes: () => ({ name: 'yes' }),
  no: () => ({ name: 'no' }),
  resume: () => ({ name: 'resume' }),
};

function parseMe(arg: string): Command {
  const m = /^(name|level|grade|goals?|style|reset)\s+(.+)$/i.exec(arg.trim());
  if (!m) return { name: 'me' };
  const key = (m[1] ?? '').toLowerCase();
  const value = m[2] ?? '';
  if (key === 'reset') return { name: 'reset', concept: value };
  const field = key === 'grade' ? 'level' : key.startsWith('goal') ? 'goals' : (key as 'name' | 'level' | 'style');
  return { name: 'set', field, value };
}

/** Names keep the case the learner typed, although matching is done in lower case. */
function originalCase(original: string, value: string): string {
  const at = original.toLowerCase().lastIndexOf(value);
  return at >= 0 ? original.slice(at, at + value.length) : value;
}

/** Reads a message as a command, or returns undefined when it is an answer or a free message. */
export function parseCommand(text: string): Command | undefined {
  const trimmed = text.trim();
  const slash = /^\/([a-z-]+)\s*(.*)$/i.exec(trimmed);
  if (slash) {
    const word = (slash[1] ?? '').toLowerCase();
    const arg = (slash[2] ?? '').trim();
    if (word === 'forget' || word === 'forget-me') return { name: 'forget' };
    const make = SLASH[word];
    return make ? make(arg) : { name: 'unknown', word };
  }
  if (trimmed.length > 80) return undefined;
  const cleaned = clean(trimmed);
  for (const [re, make] of NATURAL) {
    const m = re.exec(cleaned);
    if (!m) continue;
    const command = make(m);
    // "i prefer pizza" is not a style request: only named styles make the phrase a command.
    if (command.name === 'style' && !styleFromWords(command.style)) continue;
    if (command.name === 'set') return { ...command, value: originalCase(trimmed, command.value) };
    return command;
  }
  return undefined;
}
