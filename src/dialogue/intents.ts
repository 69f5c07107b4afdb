// Commands, as slash words and as the natural phrasings people use. Natural phrasings must match the whole
// message once politeness and fillers are set aside, so that an answer that happens to contain "hint" or "next"
// is still read as an answer.
import { STYLES, type Style } from '../curriculum/schema.ts';

export type Command =
  | { name: 'help' }
  | { name: 'topics' }
  | { name: 'start'; topic: string }
  | { name: 'hint' }
  /** The learner asks to be told the answer or the solution, or gives up. */
  | { name: 'answer' }
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
  /** Joins the class whose join code this is (see src/classes). */
  | { name: 'join'; code: string }
  /** `named`: said "class" (or used /leave), so it is about a class even when no class of theirs matches. */
  | { name: 'leave'; className: string; named?: boolean }
  | { name: 'classes' }
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

/** The message as typed, made comparable: lower case, plain apostrophes, single spaces, no closing punctuation. */
function tidy(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    // Only punctuation that follows a word goes, so that a lone "?" is still there to be read.
    .replace(/([^!?.,\s])[\s!?.,]+$/, '$1');
}

// Politeness, hesitation and request wrappers around what is asked for. Each needs something after it, so that
// "hi" or "tell me" alone is not reduced to nothing.
const LEADING: RegExp[] = [
  /^(?:please|pls|plz|ok(?:ay)?|hey|hi|hello|so|well|oh|ah|uh+|um+|hmm+|sorry|yeah|alright|actually|honestly|just|kindly)[,\s]+/,
  /^(?:can|could|would|will) you(?: please| just| maybe)*\s+/,
  /^(?:can|could|may|might|shall) (?:i|we)(?: please| just| maybe)*(?: (?:have|get|see|try|do))?\s+/,
  /^(?:i'd like|id like|we'd like|(?:(?:i|we) )?(?:just |really |still |also )?(?:need|want|wanna|would like))(?: to(?: (?:have|get|see))?)?\s+/,
  /^(?:give me|gimme|show me|get me|let me|let's|lets|let us)\s+/,
];
const TRAILING = /[,\s]+(?:please|pls|plz|thanks|thank you|thx|ty|right now|now|then|already|for me)$/;

/** The request itself: "um, could I get a hint please" reads as "a hint". */
function clean(tidied: string): string {
  let text = tidied;
  for (let before = ''; before !== text; ) {
    before = text;
    for (const re of LEADING) text = text.replace(re, '');
    text = text.replace(TRAILING, '');
  }
  return text.trim();
}

/** A whole-message pattern from its alternative phrasings. */
function whole(...phrasings: string[]): RegExp {
  return new RegExp(`^(?:${phrasings.join('|')})$`);
}

// Phrasings whose wrapper is the meaning, so they are read before cleaning sets the wrapper aside.
const AS_TYPED: Array<[RegExp, Command]> = [
  // Bare "help" is the menu word; "help please" or "I need help" in the middle of a question asks for a hint.
  [whole('help', '\\?+'), { name: 'help' }],
  // Cleaned, this would be "my data", which shows the profile rather than exporting it.
  [whole('give me my data', 'send me my data'), { name: 'export' }],
];

const NOT_KNOWING = "(?:i )?(?:don't|dont|do not) know|idk|dunno|i dunno|no idea|no clue|not sure|(?:i'm|im|i am) not sure|i have no (?:idea|clue)|i've no idea";
const WHAT_NEXT = '(?: (?:how|what to do|where to (?:start|begin)|how to (?:start|begin|do (?:it|this|that)|solve (?:it|this|that))|what to (?:write|put|say|answer)|the answer))?';
const THIS_ONE = '(?:it|this|that|this one|that one|this question|the question)';

const NATURAL: Array<[RegExp, (m: RegExpExecArray) => Command]> = [
  [whole('commands', 'what can you do', 'how does this work', 'menu help', 'help menu', 'show (?:the )?commands', 'list commands'), () => ({ name: 'help' })],
  [/^(topics|courses|menu|list topics|show topics|what can i (learn|study)|what (topics|courses) (are there|do you have))$/, () => ({ name: 'topics' })],
  [/^(?:start|learn|study|practi[cs]e|begin|teach me|learn about)\s+(?:the\s+)?(.+?)(?:\s+(?:topic|course|pack))?$/, (m) => ({ name: 'start', topic: m[1] ?? '' })],
  [
    whole(
      // "the solution" alone is left out: it is a plausible answer in its own right (a chemistry one, say).
      '(?:the |your )?(?:right |correct )?answers?',
      `(?:tell(?: me| us)?|give(?: me| us)?|show(?: me| us)?|reveal|see|know|hear|what's|whats|what is|what was|where's) (?:the |your )?(?:right |correct |full )?(?:answer|solution)(?: (?:to|for) ${THIS_ONE})?`,
      'tell me', 'reveal(?: it)?',
      '(?:i )?give up(?: on (?:this|that|it)(?: one)?)?', 'i give in', 'i surrender',
    ),
    () => ({ name: 'answer' }),
  ],
  [
    whole(
      '(?:a |another |one more |some |any |more |a little |a bit of |a small |a quick )?(?:hints?|clues?|help)(?: (?:again|(?:with|for|on) (?:it|this|that|this one|that one)))?',
      'help me(?: out)?(?: (?:with|on) (?:it|this|that|this one|that one))?',
      "(?:(?:i'm|im|i am) )?(?:so |really |totally |completely |a bit |kind of |kinda )?stuck(?: here| again| on (?:it|this|that|this one|that one))?",
      "(?:i'm|im|i am) (?:so |really |totally |completely |a bit |kind of |kinda )?lost",
      `(?:${NOT_KNOWING})${WHAT_NEXT}`,
      '(?:where|how) (?:do|should|can|shall) i (?:start|begin)',
      'what (?:do|should|shall) i do(?: now| here| next)?',
      'how do i (?:do|solve|start) (?:it|this|that|this one|that one)',
    ),
    () => ({ name: 'hint' }),
  ],
  [
    whole(
      '(?:my )?progress', 'show(?: my)? progress', "how's my progress",
      "how(?: am|'m) i doing(?: so far)?", 'how did i do', 'how am i getting on',
      '(?:my )?(?:stats|score)', 'my results', "what's my score", 'whats my score', 'what is my score',
    ),
    () => ({ name: 'progress' }),
  ],
  [
    whole(
      'harder', "(?:(?:this|that|it)(?:'s| is) )?(?:way |much |far )?too (?:easy|simple)", 'make it harder', 'challenge me', 'level up',
      '(?:something |a |an |one )?(?:harder|more difficult|more challenging|tougher)(?: one| ones| question| questions| problem| problems)?',
      'give me something harder',
    ),
    () => ({ name: 'harder' }),
  ],
  [
    whole(
      'easier', "(?:(?:this|that|it)(?:'s| is) )?(?:way |much |far )?too (?:hard|difficult)", 'make it easier',
      '(?:something |a |an |one )?(?:easier|simpler|less difficult)(?: one| ones| question| questions| problem| problems)?',
      'give me something easier',
    ),
    () => ({ name: 'easier' }),
  ],
  [
    whole(
      '(?:explain|say) (?:it |this |that )?(?:to me )?(?:differently|another way|in a different way|again|once more|one more time|some other way)',
      '(?:another|a different|different) explanation', 'explain it some other way',
    ),
    () => ({ name: 'explain', differently: true }),
  ],
  [
    whole(
      'explain', 'explain (?:it|this|that)(?: to me)?', "(?:i )?(?:don't|dont|do not) (?:get|understand)(?: (?:it|this|that))?",
      'what does (?:that|this) mean', "(?:i'm|im|i am) (?:so |really |a bit )?confused",
    ),
    () => ({ name: 'explain', differently: false }),
  ],
  [/^(?:style|i prefer|explain with|explain using|explain in)\s+(.+?)(?:\s+(?:style|explanations?))?$/, (m) => ({ name: 'style', style: m[1] ?? '' })],
  [
    whole(
      'skip', 'next', 'pass', '(?:the )?next (?:one|question)', `skip ${THIS_ONE}`, 'another (?:one|question)', '(?:a )?different (?:one|question)',
      'move on', 'moving on', '(?:go on to|go to|on to|onto) the next(?: one| question)?',
    ),
    () => ({ name: 'skip' }),
  ],
  [/^(review|revise|revision|review time|time to review|(do )?some review)$/, () => ({ name: 'review' })],
  [/^(why|why this|why this (one|question|item)|why did you (pick|choose) (this|that)|why that)$/, () => ({ name: 'why' })],
  [/^(me|my profile|profile|about me|what do you (know|store|keep) about me|my data|what do you store)$/, () => ({ name: 'me' })],
  [/^(?:my name is|call me|i'm called|i am called|me name|set name)\s+(.+)$/, (m) => ({ name: 'set', field: 'name', value: m[1] ?? '' })],
  [/^(?:i'm in|i am in|my grade is|my level is|me level|me grade|set level)\s+(.+)$/, (m) => ({ name: 'set', field: 'level', value: m[1] ?? '' })],
  [/^(?:my goals? (?:is|are)|me goals?|set goals?)\s+(.+)$/, (m) => ({ name: 'set', field: 'goals', value: m[1] ?? '' })],
  [/^(?:me style|my style is|set style)\s+(.+)$/, (m) => ({ name: 'set', field: 'style', value: m[1] ?? '' })],
  [/^(?:reset|reset concept|me reset|start over on)\s+(.+)$/, (m) => ({ name: 'reset', concept: m[1] ?? '' })],
  [/^(export|export( my)? data|download( my)? data|my data as json)$/, () => ({ name: 'export' })],
  [/^(?:join|join class|join code|join the class|class code)\s+([a-z0-9][a-z0-9-]{3,19})$/, (m) => ({ name: 'join', code: m[1] ?? '' })],
  // "leave it" is not about a class: only "leave class <name>" (or /leave <name>) is.
  [/^(?:leave class|leave the class)\s+(.+)$/, (m) => ({ name: 'leave', className: m[1] ?? '', named: true })],
  // "leave <name>": about a class only if the learner is in one of that name (the policy checks; "leave it" is not).
  [/^leave\s+(.{2,80})$/, (m) => ({ name: 'leave', className: m[1] ?? '' })],
  [/^(classes|my classes|which classes am i in|who can see my (progress|answers))$/, () => ({ name: 'classes' })],
  [/^(forget me|delete me|delete my data|delete all my data|erase my data|erase me|remove my data)$/, () => ({ name: 'forget' })],
  [/^(yes|y|yes please|yes delete|yes delete everything|confirm|sure|do it)$/, () => ({ name: 'yes' })],
  [/^(no|n|cancel|no thanks|keep it|don't|dont|stop)$/, () => ({ name: 'no' })],
];

// Requests phrased in ways no list above foresees ("could you maybe help me out here") are read from their
// words, but only when every word is a request keyword or a word without content of its own. An answer says
// something: "it helps to compare the numerators" or "a hint of salt" has content words, so it stays an answer.
const HINT_WORDS = new Set(['hint', 'hints', 'clue', 'clues', 'help']);
// "it's lost" can answer a question about what happens to data; "I'm lost" cannot.
const FIRST_PERSON_HINT_WORDS = new Set(['stuck', 'lost']);
const ANSWER_WORDS = new Set(['answer', 'answers', 'solution', 'solutions']);
// Asking for the answer needs a verb of asking too: "the answer is it" is not a request.
const ASKING_WORDS = new Set(['tell', 'give', 'gimme', 'show', 'reveal', 'what', "what's", 'whats', 'just']);
const FIRST_PERSON = new Set(['i', "i'm", 'im']);
// No copula ("is", "it's") and no negation ("don't", "not"): with them a message makes a claim rather than a request.
const EMPTY_WORDS = new Set([
  'i', "i'm", 'im', 'me', 'my', 'you', 'we', 'us', 'it', 'this', 'that', 'one', 'here',
  'a', 'an', 'the', 'some', 'any', 'another', 'more', 'little', 'bit', 'of', 'to', 'for', 'with', 'on', 'out',
  'can', 'could', 'would', 'will', 'may', 'might', 'need', 'want', 'wanna', 'have', 'get', 'am', 'do', 'like', "i'd", 'id',
  'please', 'pls', 'plz', 'thanks', 'thx', 'ok', 'okay', 'hey', 'hi', 'um', 'umm', 'hmm', 'uh', 'so', 'well', 'sorry',
  'really', 'totally', 'completely', 'very', 'quite', 'kinda', 'pretty', 'still', 'again', 'now', 'already', 'maybe',
  'quick', 'small', 'tiny', 'kind', 'sort',
]);
const MOST_REQUEST_WORDS = 8;

function requestFromWords(tidied: string): Command | undefined {
  const words = tidied.replace(/[,.!?]+/g, ' ').trim().split(' ');
  if (words.length > MOST_REQUEST_WORDS) return undefined;
  // Digits, operators, brackets and quotes mark a formula or a query, however few its words.
  if (!words.every((w) => /^[a-z]+(?:['-][a-z]+)*$/.test(w))) return undefined;
  const firstPerson = words.some((w) => FIRST_PERSON.has(w));
  const hint = words.some((w) => HINT_WORDS.has(w) || (firstPerson && FIRST_PERSON_HINT_WORDS.has(w)));
  const answer = words.some((w) => ANSWER_WORDS.has(w)) && words.some((w) => ASKING_WORDS.has(w));
  if (!hint && !answer) return undefined;
  const known = (w: string) => EMPTY_WORDS.has(w) || HINT_WORDS.has(w) || FIRST_PERSON_HINT_WORDS.has(w) || ANSWER_WORDS.has(w) || ASKING_WORDS.has(w);
  if (!words.every(known)) return undefined;
  // Asked for both ("give me a hint for the answer"), the smaller help is the safer reading.
  return hint ? { name: 'hint' } : { name: 'answer' };
}

// A Map, not an object literal: the word is the learner's, and "/constructor" must not find Object's own.
const SLASH = new Map<string, (arg: string) => Command>([
  ['help', () => ({ name: 'help' })],
  ['topics', () => ({ name: 'topics' })],
  ['start', (arg) => ({ name: 'start', topic: arg })],
  ['hint', () => ({ name: 'hint' })],
  ['answer', () => ({ name: 'answer' })],
  ['giveup', () => ({ name: 'answer' })],
  ['give-up', () => ({ name: 'answer' })],
  ['progress', () => ({ name: 'progress' })],
  ['harder', () => ({ name: 'harder' })],
  ['easier', () => ({ name: 'easier' })],
  ['explain', (arg) => ({ name: 'explain', differently: /differ|another|again/.test(arg) })],
  ['style', (arg) => ({ name: 'style', style: arg })],
  ['skip', () => ({ name: 'skip' })],
  ['review', () => ({ name: 'review' })],
  ['why', () => ({ name: 'why' })],
  ['me', (arg) => parseMe(arg)],
  ['reset', (arg) => ({ name: 'reset', concept: arg })],
  ['export', () => ({ name: 'export' })],
  ['forget', () => ({ name: 'forget' })],
  ['yes', () => ({ name: 'yes' })],
  ['no', () => ({ name: 'no' })],
  ['resume', () => ({ name: 'resume' })],
  ['join', (arg) => ({ name: 'join', code: arg.trim() })],
  ['leave', (arg) => ({ name: 'leave', className: arg.trim(), named: true })],
  ['classes', () => ({ name: 'classes' })],
]);

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
  const slash = /^\/([a-z_-]+)\s*(.*)$/i.exec(trimmed);
  if (slash) {
    const word = (slash[1] ?? '').toLowerCase();
    const arg = (slash[2] ?? '').trim();
    if (word === 'forget' || word === 'forget-me') return { name: 'forget' };
    const make = SLASH.get(word);
    return make ? make(arg) : { name: 'unknown', word };
  }
  if (trimmed.length > 80) return undefined;
  const tidied = tidy(trimmed);
  const asTyped = AS_TYPED.find(([re]) => re.test(tidied));
  if (asTyped) return { ...asTyped[1] };
  const cleaned = clean(tidied);
  for (const [re, make] of NATURAL) {
    const m = re.exec(cleaned);
    if (!m) continue;
    const command = make(m);
    // "i prefer pizza" is not a style request: only named styles make the phrase a command.
    if (command.name === 'style' && !styleFromWords(command.style)) continue;
    if (command.name === 'set') return { ...command, value: originalCase(trimmed, command.value) };
    return command;
  }
  return requestFromWords(tidied);
}
