// A learner's own question ("why do we flip the second fraction?"): answered from the passage of the course
// that is about what was asked, never by solving the open item.
//
// The passages are every concept's summary and explanations and every item's `why` (the open item's own
// `why`, and every solution, hint and prompt, stay out: they could give an open answer away). A question is
// scored against them by term weight (BM25, with IDF over the pack's passages). Terms keep their code form
// (GROUP BY, `git push`, COUNT(*), shipped_on), adjacent pairs weigh more than single words, and a term the
// question names that is rare in the pack must be in the chosen passage whenever some passage has it. The
// learner's style preference only picks among explanations that fit the question about equally well. When
// the pack does not talk about what was asked, the move says so (covered: false) and offers the summary of
// the closest concept instead of an off-topic explanation.
import { findLeak } from '../curriculum/leaks.ts';
import type { Concept, Item, Pack } from '../curriculum/pack.ts';
import { STYLES, type Style } from '../curriculum/schema.ts';
import { say, type Draft } from './draft.ts';
import { chooseExplanation } from './practice.ts';

// ---------------------------------------------------------------------------------------------------------
// Is it a question?

const QUESTION_START = /^(why|how|what|what's|whats|when|where|which|who|can|could|do|does|did|is|are|was|were|should|would|will|isn't|aren't|don't|doesn't)\b/i;

// Without a question mark, only openings that read as nothing but a question. "is it 3/4", "how about 3/4",
// "where the rows are filtered first ..." or "when you divide you flip" are answers, so is/are/where/when/
// which never open a question here, and neither does a message with a number, a comparison or a "because".
const BARE_QUESTION = new RegExp(
  [
    "^why (do|does|did|is|are|was|were|can|can't|could|should|would|must|not|don't|doesn't|isn't|aren't)\\b",
    '^how (do|does|did|can|could|should|would|is|are|come)\\b',
    "^(what|what's|whats) (is|are|does|do|did|was|were|happens|happened|makes|if|exactly)\\b",
    "^what's\\b",
    '^(can|could|would|will) (you|i|we)\\b',
    '^(do|does|did|should) (i|we|you)\\b',
  ].join('|'),
  'i',
);

/** "Why do we flip the second fraction?": a question of the learner's own, not an answer. */
export function isLearnerQuestion(text: string): boolean {
  const t = text.trim().replace(/[’‘]/g, "'");
  const words = t.split(/\s+/).filter(Boolean).length;
  if (/\?\s*$/.test(t)) return QUESTION_START.test(t) && words >= 4;
  return words >= 5 && BARE_QUESTION.test(t) && !/\d/.test(t) && !/[=<>]/.test(t) && !/\b(because|since|so that|therefore|that's why)\b/i.test(t);
}

// ---------------------------------------------------------------------------------------------------------
// Words and terms

/** Function words, question words and the words that frame a question ("what is the difference between"). */
const STOP = new Set(
  (
    'a an the and or but nor not no yes so if then than else of to in on at by for from with without into onto ' +
    'about above below over under up down out off as is are was were be been being am do does did done doing ' +
    'have has had i me my mine we us our ours you your yours he him his she her hers it its they them ' +
    'their theirs this that these those there here what what\'s whats when where which who whom whose why how ' +
    'whether can could would should will shall may might must can\'t cannot couldn\'t won\'t wouldn\'t ' +
    'shouldn\'t don\'t doesn\'t didn\'t isn\'t aren\'t wasn\'t weren\'t it\'s that\'s there\'s i\'m i\'ve i\'d ' +
    'we\'re you\'re they\'re let\'s all any some each every both either neither other another such same own ' +
    'very too just only also even still again ever really actually exactly basically simply quite rather ' +
    'need needs needed mean means meaning meant difference differences differ between versus vs point purpose ' +
    'reason thing things way ways work works happen happens happened use used using example examples explain ' +
    'explained understand get gets got make makes made know tell help please thanks thank ok okay sure ' +
    'now why\'s how\'s always never lot lots much many more most less least something ' +
    'anything everything someone one\'s e.g i.e etc like kind'
  )
    .split(/\s+/)
    .filter(Boolean),
);
// A stop word the learner writes in capitals (WHERE) is kept, and so is a lower-case one the pack writes as code
// ("the difference between where and having"), except these: as a learner writes them they frame a question,
// even where the pack uses them as code (SQL's BETWEEN, LIKE, FROM, AND).
const CORE = new Set(['a', 'an', 'the', 'and', 'or', 'not', 'no', 'in', 'on', 'is', 'are', 'as', 'by', 'of', 'to', 'at', 'for', 'if', 'be', 'it', 'i', 'we', 'you', 'do', 'does', 'with', 'from', 'all', 'into', 'this', 'that', 'between', 'like', 'then', 'than', 'so', 'one', 'two', 'first', 'use', 'using']);

interface Word {
  /** Lower case, possessive dropped: "count(*)", "shipped_on", "fraction". */
  lower: string;
  /** `lower` without a trailing "(*)" or "()". */
  base: string;
  /** Written in capitals as code is (GROUP, BY, COUNT(*)), in a text that is not all capitals. */
  caps: boolean;
  number: boolean;
  /** A clause break (punctuation) comes right before it. */
  gap: boolean;
  /** First word of its clause. */
  first: boolean;
}

const TOKEN = /([\p{L}\p{N}]+(?:['_.][\p{L}\p{N}]+)*(?:\(\*?\))?)|([.,;:!?`"()[\]{}\n]|\s[-–—]\s)/gu;

function wordsOf(text: string): Word[] {
  const normal = text.replace(/[’‘]/g, "'");
  const letters = normal.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length >= 12 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.6;
  const words: Word[] = [];
  let gap = true;
  for (const m of normal.matchAll(TOKEN)) {
    const raw = m[1];
    if (!raw) {
      gap = true;
      continue;
    }
    const lower = raw.toLowerCase().replace(/'s$/, '');
    const base = lower.replace(/\(\*?\)$/, '');
    const caps = !shouting && /^\p{Lu}[\p{Lu}\p{N}_]*(\(\*?\))?$/u.test(raw) && raw.replace(/[^\p{L}]/gu, '').length >= 2;
    words.push({ lower, base, caps, number: /^[\p{N}.,']+$/u.test(base), gap, first: gap });
    gap = false;
  }
  return words;
}

const undouble = (s: string) => (/([b-df-hj-km-np-tv-z])\1$/.test(s) && !/(ll|ss|zz)$/.test(s) ? s.slice(0, -1) : s);

/** Light stemming: "groups", "grouping", "grouped" → "group"; "divides", "dividing" → "divid". */
function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let s = word;
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (/(x|z|ch|sh|ss)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length >= 6) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length >= 5) s = undouble(s.slice(0, -2));
  if (s.endsWith('e') && s.length > 3) s = s.slice(0, -1);
  return s;
}

/** What the pack writes as code: words in capitals and multi-word code phrases ("group by", "git push"). */
interface Vocabulary {
  codeWords: Set<string>;
  phrases: Set<string>;
}

function keyOf(w: Word, vocab: Vocabulary): string {
  return w.caps || vocab.codeWords.has(w.base) ? w.lower : stem(w.lower);
}

function isContent(w: Word, vocab: Vocabulary): boolean {
  if (w.number) return false;
  if (w.caps || !STOP.has(w.lower)) return true;
  // A lower-case "where" in "the difference between where and having": the pack's code word, not a question word.
  return vocab.codeWords.has(w.base) && !CORE.has(w.lower) && !w.first;
}

const MAX_PHRASE = 4;

interface Term {
  key: string;
  /** As the text wrote it, for the why: "group by", "push". */
  shown: string;
  /** A pack phrase or an adjacent pair: weighs more. */
  phrase: boolean;
  /** A single word or a code phrase of the pack, as opposed to a mere adjacent pair. */
  keyTerm: boolean;
  /** Code rather than prose: written in capitals, or a code word or phrase of the pack. */
  code: boolean;
  /** Starts at the text's first content word: what a question is about ("rebase" in "how do I rebase my branch"). */
  focus: boolean;
}

/** Every term of a text, once each, with how often it occurs. */
function termsOf(text: string, vocab: Vocabulary): Map<string, { term: Term; count: number }> {
  const words = wordsOf(text);
  const terms = new Map<string, { term: Term; count: number }>();
  const add = (term: Term) => {
    const known = terms.get(term.key);
    if (known) known.count += 1;
    else terms.set(term.key, { term, count: 1 });
  };
  let previous: { key: string; shown: string; code: boolean; focus: boolean } | undefined;
  // The first content word: with the phrase or pair it starts, what a question is about.
  const focusAt = words.findIndex((w) => isContent(w, vocab));
  words.forEach((w, i) => {
    const content = isContent(w, vocab);
    const inFocus = i === focusAt;
    // Code phrases the pack uses, stop words included ("group by", "is not null").
    for (let n = 2; n <= MAX_PHRASE && i + n <= words.length; n++) {
      const span = words.slice(i, i + n);
      if (span.slice(1).some((s) => s.gap)) break;
      const key = span.map((s) => keyOf(s, vocab)).join(' ');
      if (vocab.phrases.has(key)) add({ key, shown: span.map((s) => s.lower).join(' '), phrase: true, keyTerm: true, code: true, focus: inFocus });
    }
    if (w.gap || !content) previous = undefined;
    if (!content) return;
    const key = keyOf(w, vocab);
    const code = w.caps || vocab.codeWords.has(w.base);
    add({ key, shown: w.lower, phrase: false, keyTerm: true, code, focus: inFocus });
    if (w.base !== w.lower) add({ key: keyOf({ ...w, lower: w.base }, vocab), shown: w.base, phrase: false, keyTerm: true, code, focus: inFocus });
    // Adjacent content words: "second fraction", "common denominator" (not "commit and a push").
    const pair = previous ? `${previous.key} ${key}` : undefined;
    if (previous && pair && !vocab.phrases.has(pair)) add({ key: pair, shown: `${previous.shown} ${w.lower}`, phrase: true, keyTerm: false, code: code || previous.code, focus: previous.focus });
    previous = { key, shown: w.lower, code, focus: inFocus };
  });
  return terms;
}

// ---------------------------------------------------------------------------------------------------------
// Passages and their index

export type PassageKind = 'summary' | 'explanation' | 'why';

export interface Passage {
  kind: PassageKind;
  concept: Concept;
  /** For an explanation. */
  style?: Style;
  /** For an item's why. */
  item?: Item;
  text: string;
}

interface Indexed extends Passage {
  tf: Map<string, number>;
  length: number;
}

interface PackIndex {
  passages: Indexed[];
  df: Map<string, number>;
  avgLength: number;
  vocab: Vocabulary;
  /** Each concept as one text (title, summary, explanations, items' whys), to tell what a concept is about. */
  concepts: Map<string, { tf: Map<string, number>; length: number }>;
  avgConceptLength: number;
}

const indexes = new WeakMap<Pack, PackIndex>();

/** Every passage a question may be answered from, in teaching order. */
export function passagesOf(pack: Pack): Passage[] {
  const passages: Passage[] = [];
  const ordered = [...pack.order.flatMap((id) => pack.concepts.get(id) ?? []), ...[...pack.concepts.values()].filter((c) => !pack.order.includes(c.id))];
  for (const concept of ordered) {
    passages.push({ kind: 'summary', concept, text: concept.summary });
    for (const style of STYLES) {
      const text = concept.explanations[style];
      if (text) passages.push({ kind: 'explanation', concept, style, text });
    }
    for (const item of concept.items) if (item.why) passages.push({ kind: 'why', concept, item, text: item.why });
  }
  return passages;
}

function vocabularyOf(passages: readonly Passage[]): Vocabulary {
  const vocab: Vocabulary = { codeWords: new Set(), phrases: new Set() };
  const texts = passages.map((p) => wordsOf(p.text));
  for (const words of texts) for (const w of words) if (w.caps) vocab.codeWords.add(w.base);
  for (const [i, words] of texts.entries()) {
    // Runs of words in capitals: GROUP BY, ORDER BY, IS NOT NULL.
    let run: Word[] = [];
    const flush = () => {
      if (run.length >= 2 && run.length <= MAX_PHRASE) vocab.phrases.add(run.map((w) => keyOf(w, vocab)).join(' '));
      run = [];
    };
    for (const w of words) {
      if (w.gap || !w.caps) flush();
      if (w.caps) run.push(w);
    }
    flush();
    // Short code spans: `git push`, `git log`, `GROUP BY col`.
    for (const m of (passages[i]?.text ?? '').matchAll(/`([^`\n]+)`/g)) {
      const span = m[1] ?? '';
      const spanWords = wordsOf(span).filter((w) => !w.number);
      if (spanWords.length >= 2 && spanWords.length <= 3 && /^[\p{L}\p{N}_\s.\-*()]+$/u.test(span)) {
        vocab.phrases.add(spanWords.map((w) => keyOf(w, vocab)).join(' '));
      }
    }
  }
  return vocab;
}

function indexOf(pack: Pack): PackIndex {
  const cached = indexes.get(pack);
  if (cached) return cached;
  const passages = passagesOf(pack);
  const vocab = vocabularyOf(passages);
  const df = new Map<string, number>();
  const indexed = passages.map((p): Indexed => {
    const terms = termsOf(p.text, vocab);
    const tf = new Map<string, number>();
    let length = 0;
    for (const [key, { term, count }] of terms) {
      tf.set(key, count);
      df.set(key, (df.get(key) ?? 0) + 1);
      if (!term.phrase) length += count;
    }
    return { ...p, tf, length };
  });
  const avgLength = indexed.reduce((sum, p) => sum + p.length, 0) / Math.max(1, indexed.length);
  const concepts = new Map<string, { tf: Map<string, number>; length: number }>();
  for (const concept of pack.concepts.values()) {
    const own = indexed.filter((p) => p.concept.id === concept.id);
    const tf = new Map<string, number>();
    let length = 0;
    for (const [key, { term, count }] of termsOf(concept.title, vocab)) {
      tf.set(key, count);
      if (!term.phrase) length += count;
    }
    for (const p of own) for (const [key, count] of p.tf) tf.set(key, (tf.get(key) ?? 0) + count);
    concepts.set(concept.id, { tf, length: length + own.reduce((sum, p) => sum + p.length, 0) });
  }
  const avgConceptLength = [...concepts.values()].reduce((sum, c) => sum + c.length, 0) / Math.max(1, concepts.size);
  const index: PackIndex = { passages: indexed, df, avgLength: Math.max(1, avgLength), vocab, concepts, avgConceptLength: Math.max(1, avgConceptLength) };
  indexes.set(pack, index);
  return index;
}

// ---------------------------------------------------------------------------------------------------------
// Retrieval

const K1 = 1.2;
/** Length normalisation, gentler than the usual 0.75: a long explanation is no less about its concept. */
const B = 0.5;
/** Multi-word phrases ("group by", "second fraction") weigh this much more than a single word. */
const PHRASE_WEIGHT = 1.5;
/** An item's why is written for one exercise, a summary or an explanation for the whole concept. */
const KIND_WEIGHT: Record<PassageKind, number> = { summary: 1, explanation: 1, why: 0.8 };
/** A term in at most this share of the passages is rare: a passage that has it wins over one that does not. */
const RARE_SHARE = 0.25;
/**
 * Explanations of the best passage's concept with the same rare terms are of similar relevance, and the style
 * picks among them, when they score at least this share of the best passage, ...
 */
const SIMILAR = 0.85;
/** ... or name every term the best passage names and score at least this share (they differ in length only). */
const SIMILAR_SAME_TERMS = 0.6;
/**
 * A question that is about many concepts alike ("how do fractions work?") is about the concept at hand: when
 * that concept is at least this much about the question as the concept most about it, ...
 */
const CURRENT_SHARE = 0.8;
/** ... and has a passage with the same rare terms, scoring at least this share of the best one. */
const CURRENT = 0.5;
/**
 * A passage's score is scaled by how much its concept as a whole is about the question, from this share (a
 * concept that barely mentions the terms) up to 1: a passage of `git log` that mentions pushing once does not
 * beat the concept that is about pushing.
 */
const CONCEPT_FLOOR = 0.5;
/** The focus of a question (its first content word, and the phrase or pair it starts) counts this much more when judging coverage. */
const FOCUS_WEIGHT = 2;
/**
 * Below this share of the question's term weight known to the pack (words it writes, pairs of rare words it
 * writes together), the pack does not cover the question: "how do I rebase my branch?" in a pack that never
 * says rebase.
 */
const COVERED = 0.5;

interface QueryTerm extends Term {
  df: number;
  idf: number;
  weight: number;
  rare: boolean;
  /** Counts towards coverage: a single word, a code phrase, or a pair of rare words the pack never writes together. */
  counts: boolean;
}

export interface Retrieval {
  /** The passage the answer comes from (before the style choice among similar ones); none for a vague question. */
  passage?: Passage;
  /** The explanations of the passage's concept that fit the question about as well as it does, each with its `matched`. */
  similar: Array<{ passage: Passage; matched: string[] }>;
  /** Does the pack talk about what was asked? (A question that names nothing specific counts as covered.) */
  covered: boolean;
  /** The question names nothing the course could look up ("why does that work?"). */
  vague: boolean;
  /** The question's terms that the chosen passage has, as the learner wrote them, weightiest first. */
  matched: string[];
  /** The question's terms that nothing in the pack mentions. */
  unknown: string[];
}

export interface Scored {
  passage: Passage;
  score: number;
  /** The weight of the question's rare terms that the passage has. */
  rare: number;
}

function queryOf(index: PackIndex, question: string): QueryTerm[] {
  const n = index.passages.length;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const rareLimit = Math.max(2, RARE_SHARE * n);
  const isRare = (df: number) => df > 0 && df <= rareLimit;
  const terms: QueryTerm[] = [];
  for (const { term } of termsOf(question, index.vocab).values()) {
    const df = index.df.get(term.key) ?? 0;
    // A pair of rare prose words the pack never writes together ("window function") names something else than
    // either word does; any other pair the pack never writes says nothing.
    const unknownPair = !term.keyTerm && df === 0 && !term.code && term.key.split(' ').every((part) => isRare(index.df.get(part) ?? 0));
    if (!term.keyTerm && df === 0 && !unknownPair) continue;
    terms.push({ ...term, df, idf: idf(df), weight: term.phrase ? PHRASE_WEIGHT : 1, rare: isRare(df), counts: term.keyTerm || unknownPair });
  }
  return terms;
}

function bm25(query: readonly QueryTerm[], tf: Map<string, number>, length: number, avgLength: number): number {
  let score = 0;
  for (const t of query) {
    const n = tf.get(t.key) ?? 0;
    if (n > 0) score += t.weight * t.idf * ((n * (K1 + 1)) / (n + K1 * (1 - B + (B * length) / avgLength)));
  }
  return score;
}

function scoreOf(query: readonly QueryTerm[], p: Indexed, avgLength: number, conceptShare: number): Scored & { passage: Indexed } {
  let rare = 0;
  for (const t of query) if (t.rare && t.keyTerm && p.tf.has(t.key)) rare += t.weight * t.idf;
  const score = bm25(query, p.tf, p.length, avgLength) * KIND_WEIGHT[p.kind] * (CONCEPT_FLOOR + (1 - CONCEPT_FLOOR) * conceptShare);
  return { passage: p, score, rare };
}

/** How much each concept as a whole is about the question, as a share of the concept most about it. */
function conceptShares(index: PackIndex, query: readonly QueryTerm[]): Map<string, number> {
  const scores = new Map([...index.concepts].map(([id, c]) => [id, bm25(query, c.tf, c.length, index.avgConceptLength)]));
  const best = Math.max(0, ...scores.values());
  return new Map([...scores].map(([id, score]) => [id, best > 0 ? score / best : 0]));
}

function rankOf(index: PackIndex, query: readonly QueryTerm[], item: Item | undefined, shares = conceptShares(index, query)): Array<Scored & { passage: Indexed }> {
  return index.passages
    .filter((p) => !(item && p.kind === 'why' && p.item?.id === item.id))
    .map((p) => scoreOf(query, p, index.avgLength, shares.get(p.concept.id) ?? 0))
    .filter((s) => s.score > 0)
    // A rare term the question names must be in the passage when some passage has it; then the score.
    .sort((a, b) => b.rare - a.rare || b.score - a.score);
}

/** Every passage that shares a term with the question, best first (the open item's own why left out). */
export function rankPassages(pack: Pack, question: string, item?: Item): Scored[] {
  const index = indexOf(pack);
  return rankOf(index, queryOf(index, question), item);
}

/** The shown forms of the key terms a passage has, weightiest first, without words a matched phrase already shows. */
function matchedTerms(query: readonly QueryTerm[], p: Indexed): string[] {
  const found = query.filter((t) => t.keyTerm && p.tf.has(t.key)).sort((a, b) => b.weight * b.idf - a.weight * a.idf);
  const phrases = found.filter((t) => t.phrase).map((t) => t.shown.split(' '));
  const shown = found.filter((t) => t.phrase || !phrases.some((words) => words.includes(t.shown))).map((t) => t.shown);
  return [...new Set(shown)];
}

/**
 * The passage of the pack that answers a question. `item`: the open item, whose own why is left out, and no
 * passage that gives its answer away is chosen. `current`: the concept at hand, preferred when the question is
 * about many concepts alike ("how do fractions work?").
 */
export function retrieve(pack: Pack, question: string, options: { item?: Item; current?: Concept } = {}): Retrieval {
  const { item, current } = options;
  const index = indexOf(pack);
  const query = queryOf(index, question);
  const counted = query.filter((t) => t.counts);
  if (!query.some((t) => t.keyTerm)) return { similar: [], covered: true, vague: true, matched: [], unknown: [] };
  const unknown = [...new Set(counted.filter((t) => t.df === 0).map((t) => t.shown))];
  const coverageWeight = (t: QueryTerm) => t.weight * t.idf * (t.focus ? FOCUS_WEIGHT : 1);
  const total = counted.reduce((sum, t) => sum + coverageWeight(t), 0);
  const known = counted.reduce((sum, t) => sum + (t.df > 0 ? coverageWeight(t) : 0), 0);

  const leaks = new Map<Indexed, boolean>();
  const safe = (p: Indexed): boolean => {
    if (!item) return true;
    let leak = leaks.get(p);
    if (leak === undefined) leaks.set(p, (leak = findLeak(item.answer, p.text, { prompt: item.prompt }) !== undefined));
    return !leak;
  };
  const shares = conceptShares(index, query);
  const ranked = rankOf(index, query, item, shares);
  let top = ranked.find((s) => safe(s.passage));
  if (!top) return { similar: [], covered: false, vague: false, matched: [], unknown };
  if (current && top.passage.concept.id !== current.id && (shares.get(current.id) ?? 0) >= CURRENT_SHARE) {
    const best = top;
    const own = ranked.find((s) => s.passage.concept.id === current.id && s.rare === best.rare && s.score >= CURRENT * best.score && safe(s.passage));
    if (own) top = own;
  }
  const best = top;
  const bestTerms = query.filter((t) => t.keyTerm && best.passage.tf.has(t.key));
  const sameTerms = (p: Indexed) => bestTerms.every((t) => p.tf.has(t.key));
  const similar = ranked
    .filter((s) => s.passage.kind === 'explanation' && s.passage.concept === best.passage.concept && s.rare === best.rare)
    .filter((s) => s.score >= SIMILAR * best.score || (s.score >= SIMILAR_SAME_TERMS * best.score && sameTerms(s.passage)))
    .filter((s) => safe(s.passage))
    .map((s) => ({ passage: s.passage, matched: matchedTerms(query, s.passage) }));
  return { passage: best.passage, similar, covered: known / total >= COVERED, vague: false, matched: matchedTerms(query, best.passage), unknown };
}

/** The concept a question is about: the one whose passage answers it, else the current one. */
export function conceptOfQuestion(pack: Pack, question: string, current: Concept): Concept {
  return retrieve(pack, question, { current }).passage?.concept ?? current;
}

// ---------------------------------------------------------------------------------------------------------
// The move

const quoted = (terms: readonly string[]) => {
  const q = terms.slice(0, 3).map((t) => `"${t}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q.at(-1) ?? ''}`;
};

function passageName(p: Passage): string {
  switch (p.kind) {
    case 'explanation':
      return `the ${p.style ?? ''} explanation in ${p.concept.title}`;
    case 'summary':
      return `the summary of ${p.concept.title}`;
    case 'why':
      return `the reason the course gives for its exercise "${p.item?.id ?? ''}" in ${p.concept.title}`;
  }
}

export function answerQuestion(d: Draft, pack: Pack, current: Concept, item: Item | undefined, question: string): void {
  const found = retrieve(pack, question, { ...(item ? { item } : {}), current });
  const open = d.state.conversation.open;
  if (open) open.promptedAt = d.ctx.now;
  const keepOpen = item ? ', without solving the open question' : '';

  if (found.vague) {
    const { style, text, why } = chooseExplanation(d, current, current.id === item?.conceptId ? item : undefined, false);
    say(
      d,
      { kind: 'question', ...(item ? { item } : {}), concept: current, question, style, grounding: text, covered: true },
      `you asked a question of your own, about ${current.title}: it names nothing more specific, so answered from the course's ${style} explanation of the concept at hand (${why})${keepOpen}`,
    );
    return;
  }

  const passage = found.passage;
  if (!found.covered || !passage) {
    const concept = passage?.concept ?? current;
    const unknown = found.unknown.length ? `about ${quoted(found.unknown)}, which nothing in this course talks about directly` : 'that this course does not cover directly';
    const closest = passage
      ? `the summary of the closest concept, ${concept.title}${found.matched.length ? `, where the course mentions ${quoted(found.matched)}` : ''}`
      : `the summary of the concept at hand, ${concept.title}`;
    say(
      d,
      { kind: 'question', ...(item ? { item } : {}), concept, question, style: 'concise', grounding: concept.summary, covered: false },
      `you asked a question of your own ${unknown}: said so honestly, and offered ${closest}${keepOpen}`,
    );
    return;
  }

  const concept = passage.concept;
  let chosen = { passage, matched: found.matched };
  let styleWhy = '';
  if (found.similar.length > 0) {
    // Only the explanations that fit the question about as well as the best one: the preference picks among them.
    const explanations: Concept['explanations'] = {};
    for (const { passage: p } of found.similar) if (p.style) explanations[p.style] = p.text;
    const choice = chooseExplanation(d, { ...concept, explanations }, undefined, false);
    chosen = found.similar.find((c) => c.passage.style === choice.style) ?? chosen;
    if (found.similar.length > 1) styleWhy = `; of its ${found.similar.length} explanations that fit the question about equally well, the ${choice.style} one (${choice.why})`;
  }
  const style = chosen.passage.style ?? 'concise';
  say(
    d,
    { kind: 'question', ...(item ? { item } : {}), concept, question, style, grounding: chosen.passage.text, covered: true },
    `you asked a question of your own, about ${concept.title}: answered from ${passageName(chosen.passage)}, which mentions ${quoted(chosen.matched)}${styleWhy}${keepOpen}`,
  );
}
