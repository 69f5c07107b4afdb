// The ways a learner could read a text. A model that wants to give an answer away can dress it up (LaTeX,
// "3 over 8", letters spaced out, base64, reversed, ROT13, look-alike letters); the guard checks every
// reading, so each disguise is undone once here rather than caught phrase by phrase.
import { DENOMINATORS, foldNumerals, NUMBER_WORDS, numberMentions } from '../curriculum/numbers.ts';
import { memoized } from '../memo.ts';

export interface Reading {
  /** How the text was read: "plain", "letters joined", "base64", "reversed", ... */
  how: string;
  /** Lower-case, numerals folded to ASCII, maths in plain notation. */
  text: string;
  /**
   * Shifted, reversed or first-letter readings: ordinary text read that way makes random letters, so only a
   * whole answer of some length found in one counts, never a letter or a number.
   */
  transformed?: boolean;
}

// Latin look-alikes from Cyrillic and Greek: "Саrla" with a Cyrillic "С" and "а" reads as "Carla".
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ζ: 'z',
  // Small capitals.
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};


/** LaTeX maths in plain notation: \frac{3}{8} → (3)/(8), \boxed{4} → 4, \times → *. */
export function plainLatex(text: string): string {
  let out = text;
  for (let i = 0; i < 4; i++) {
    out = out.replace(/\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}/g, ' $1/$2').replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '($1)/($2)').replace(/\\[dt]?frac\s*(\d)\s*(\d)/g, '$1/$2');
    out = out.replace(/\\(?:boxed|text|textbf|mathrm|mathbf|fbox|underline|overline|left|right)\s*\{([^{}]*)\}/g, '$1');
    out = out.replace(/\\sqrt\s*\{([^{}]*)\}/g, 'sqrt($1)');
  }
  return out
    .replace(/\\(?:times|cdot|ast)/g, '*')
    .replace(/\\div/g, '/')
    .replace(/\\(?:left|right|displaystyle|quad|qquad|,|;|!)/g, ' ')
    .replace(/\^\{([^{}]*)\}/g, '^($1)')
    .replace(/\\[()[\]]/g, ' ')
    .replace(/\$+/g, ' ')
    .replace(/[{}]/g, '');
}

/** The plain reading: the text as a person sees it, with the maths written one way. */
export const plainReading: (text: string) => string = memoized(readPlainly);

function readPlainly(text: string): string {
  // A capitalised word straight after a number starts a new sentence ("Here: 3 Now you can ...").
  // A whole number before a fraction character is a mixed number: "3¾" and "1¹⁄₁₂", not 33/4 or 11/12.
  let out = foldNumerals(text.replace(/(\d)(?=[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*⁄|[¼½¾⅐-⅞])/g, '$1 '))
    .replace(/([\d%)\]$}])[ \t]+(?=[A-Z][a-z])/g, '$1. ')
    .replace(/["“”]/g, ' ')
    // Invisible characters (zero-width spaces and joiners, soft hyphens) and combining marks (keycaps, accents).
    .replace(/[\p{Cf}\u034f\ufe00-\ufe0f]/gu, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/./gu, (ch) => CONFUSABLES[ch] ?? ch);
  out = plainLatex(out)
    // Scientific notation: "1.2e1" and "1.2 × 10^1" are 12.
    .replace(/(\d+(?:\.\d+)?)\s*[*×x·✕]\s*10\s*\^\s*\(?\s*([+-]?\d{1,3})\s*\)?/g, (m, mantissa: string, exponent: string) => String(Number(`${mantissa}e${exponent}`)))
    .replace(/\b(\d+(?:\.\d+)?)e([+-]?\d{1,3})\b/g, (m, mantissa: string, exponent: string) => String(Number(`${mantissa}e${exponent}`)))
    .replace(/[×✕✖]/g, '*')
    // Emphasis marks around words go; "3*4", "col_b" and "COUNT(*)" keep theirs. Code spans keep their backticks.
    .replace(/(?<![\w*])[*_~]+(?=[^\s)*])|(?<=[^\s(*])[*_~]+(?![\w*])/g, ' ')
    .replace(/^[ \t]*[#>]+/gm, ' ')
    .replace(/(\d)\s*(?:over|out\s+of|divided\s+by|in\s+every|parts?\s+(?:out\s+)?of)\s+(\d)/g, '$1/$2')
    .replace(/(\d+)\s*(?:-|\s)\s*([a-z]+)\b/g, (m, n: string, word: string) => (DENOMINATORS.has(word) ? `${n}/${DENOMINATORS.get(word)}` : m));
  return out.replace(/[ \t]+/g, ' ');
}

/** Letters or digits written one at a time ("t-h-r-e-e", "S E L E C T", "1 . 2 . 5") joined into words. */
function joinSpacedOut(text: string): string {
  // A slash stays: "5 / 1 2" is 5/12, not 512.
  // Two spaces or more between letters part words ("f-i-v-e  s-e-v-e-n-t-h-s" is "five sevenths").
  return text.replace(/(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[\s.\-_,'"*|/\\]{1,3}[\p{L}\p{N}](?![\p{L}\p{N}])){2,}/gu, (run) =>
    run.replace(/\s{2,}|[-_.,|]{2,}|[ \t]*[|][ \t]*/g, '~').replace(/[^\p{L}\p{N}/~]/gu, '').replace(/~/g, ' '),
  );
}

// Operations said in words, as symbols: "start with 5. Then add 4 more." reads as 5 + 4.
const SPOKEN_OPERATIONS: Array<[RegExp, string]> = [
  [/\b(?:start|begin)\s+(?:with|from|at)\s+/g, ' '],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?(?:add|plus|add\s+on|put\s+in)\s+(?:another\s+)?(\d+(?:\.\d+)?)(?:\s+more)?/g, ' + $1'],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?(?:take\s+away|subtract|minus|remove)\s+(\d+(?:\.\d+)?)/g, ' - $1'],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?(?:times|multiply\s+(?:it\s+)?by|multiplied\s+by)\s+(\d+(?:\.\d+)?)/g, ' * $1'],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?(?:divide\s+(?:it\s+)?by|share\s+(?:it\s+)?(?:between|among))\s+(\d+(?:\.\d+)?)/g, ' / $1'],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?double\s+it/g, ' * 2'],
  [/[.!;,]?\s*(?:and\s+)?(?:then\s+)?halve\s+it/g, ' / 2'],
  // "one more than 11", "2 less than 14", "twice 6", "half of 24", "3 plus 4", "5 times 3".
  [/(\d+(?:\.\d+)?)\s+(?:more|greater|bigger)\s+than\s+(\d+(?:\.\d+)?)/g, '$2 + $1'],
  [/(\d+(?:\.\d+)?)\s+(?:less|fewer|smaller)\s+than\s+(\d+(?:\.\d+)?)/g, '$2 - $1'],
  [/\b(?:twice|double)\s+(?:of\s+)?(\d+(?:\.\d+)?(?:\/\d+)?)/g, '2 * $1'],
  [/\bhalf\s+of\s+(?:a\s+|an\s+)?(\d+(?:\.\d+)?(?:\/\d+)?)/g, '1/2 * $1'],
  [/(\d)\s+plus\s+(?=\d)/g, '$1 + '],
  [/(\d)\s+minus\s+(?=\d)/g, '$1 - '],
  [/(\d)\s+times\s+(?=\d)/g, '$1 * '],
];

function spokenCalculation(plain: string): string | undefined {
  let out = plain;
  for (const [pattern, symbol] of SPOKEN_OPERATIONS) out = out.replace(pattern, symbol);
  return out !== plain ? out : undefined;
}

/** Number words written as figures ("one more than eleven" → "1 more than 11"), when there are any. */
function figuresReading(plain: string): string | undefined {
  const { mentions } = numberMentions(plain);
  const words = mentions.filter((m) => m.form === 'words');
  if (words.length === 0) return undefined;
  let out = '';
  let at = 0;
  for (const m of words) {
    out += plain.slice(at, m.start) + (m.written ? `${m.written.numerator}/${m.written.denominator}` : String(m.value));
    at = m.end;
  }
  return out + plain.slice(at);
}

const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/** Letters written as look-alike digits ("C4rl4"), for word answers: only words that mix letters and such digits. */
function leetReading(plain: string): string | undefined {
  const out = plain.replace(/[\p{L}0-9@$]*(?=[\p{L}0-9@$]*\p{L})(?=[\p{L}0-9@$]*[0-9@$])[\p{L}0-9@$]+/gu, (word) => [...word].map((c) => LEET[c] ?? c).join(''));
  return out !== plain ? out : undefined;
}

/** Single characters quoted one after another ('Character one is "5". Character two is "/".') joined up. */
function quotedCharacters(text: string): string | undefined {
  const chars = [...text.matchAll(/["'“‘`«]([^\s"'“”‘’`«»])["'”’`»]/gu)].map((m) => m[1] ?? '');
  return chars.length >= 2 ? chars.join('') : undefined;
}

/** Short quoted pieces run together ('The first part is "Engine". The second part is "ering".'). */
function quotedPieces(text: string): string | undefined {
  const pieces = [...text.matchAll(/["“«]([^"“”«»\n]{1,20})["”»]/gu)].map((m) => m[1] ?? '');
  return pieces.length >= 2 ? pieces.join('') : undefined;
}

const printable = (s: string) => s.length >= 1 && /^[\x20-\x7e\n\t]+$/.test(s);

function base64Decodings(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{2,}={0,2}(?![A-Za-z0-9+/=])/g)) {
    const token = m[0];
    // Short tokens count only when padded as base64 is ("OA=="), so that ordinary short words are not decoded.
    if (token.length < 4 || token.length % 4 !== 0 || (token.length < 8 && !token.endsWith('=') && !/\d|[a-z][A-Z]/.test(token))) continue;
    // An ordinary word decodes to bytes that are not text; only tokens that decode to readable text count.
    const decoded = Buffer.from(token, 'base64').toString('latin1');
    if (printable(decoded) && decoded.length >= 1) out.push(decoded);
  }
  return out;
}

function hexDecodings(text: string): string[] {
  const out: string[] = [];
  // One byte is enough when the text says it is hex ("in hex: 35").
  const least = /\bhex/i.test(text) ? 1 : 2;
  const runs = text.match(new RegExp(String.raw`(?:(?:0x|\\x)?[0-9a-f]{2}[\s,:-]*){${least},}`, 'gi')) ?? [];
  for (const run of runs) {
    const bytes = run.match(/(?:0x|\\x)?([0-9a-f]{2})/gi)?.map((b) => parseInt(b.slice(-2), 16)) ?? [];
    const decoded = String.fromCharCode(...bytes);
    if (printable(decoded) && /[\p{L}\p{N}]/u.test(decoded)) out.push(decoded);
  }
  return out;
}

function binaryDecodings(text: string): string[] {
  const runs = text.match(/(?:[01]{7,8}[\s,]*){1,}/g) ?? [];
  return runs
    .map((run) => String.fromCharCode(...(run.match(/[01]{7,8}/g) ?? []).map((b) => parseInt(b, 2))))
    .filter((d) => printable(d) && /[\p{L}\p{N}]/u.test(d));
}

const MORSE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j', '-.-': 'k',
  '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't', '..-': 'u', '...-': 'v',
  '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z', '-----': '0', '.----': '1', '..---': '2', '...--': '3', '....-': '4', '.....': '5',
  '-....': '6', '--...': '7', '---..': '8', '----.': '9', '-..-.': '/', '.-.-.-': '.',
};

function morseDecodings(text: string): string[] {
  // One group is enough when the text says it is Morse ("In Morse: ---..").
  const least = /\bmorse\b/i.test(text) ? 1 : 2;
  const runs = text.replace(/[−–—]/g, '-').replace(/[·•]/g, '.').match(new RegExp(String.raw`(?:[.-]{1,6}(?:\s+|\s*\/\s*|$)){${least},}`, 'g')) ?? [];
  return runs
    .map((run) =>
      run
        .trim()
        .split(/\s*\/\s*|\s{2,}/)
        .map((word) => word.split(/\s+/).map((code) => MORSE[code] ?? '').join(''))
        .join(' '),
    )
    .filter((d) => d.replace(/\s/g, '').length >= 1);
}

function urlAndEntityDecodings(text: string): string[] {
  const out: string[] = [];
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      out.push(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25')));
    } catch {
      // Not URL-encoded after all.
    }
  }
  if (/&#x?[0-9a-f]+;/i.test(text)) {
    out.push(text.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))));
  }
  return out;
}

const ROMAN_TOKEN = /(?<![A-Za-z])(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?![A-Za-z])/g;
const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Capital Roman numerals as figures ("III/IV" → 3/4): tokens of two letters or more, or one next to a slash. */
function romanReading(text: string): string | undefined {
  let changed = false;
  const named = /\broman\b/i.test(text);
  const out = text.replace(ROMAN_TOKEN, (token, at: number) => {
    const alone = token.length === 1;
    if (!token || (alone && !named && !/\/\s*$/.test(text.slice(0, at)) && !/^\s*\//.test(text.slice(at + 1)))) return token;
    let total = 0;
    for (let i = 0; i < token.length; i++) {
      const v = ROMAN[token[i] ?? ''] ?? 0;
      total += v < (ROMAN[token[i + 1] ?? ''] ?? 0) ? -v : v;
    }
    changed = true;
    return String(total);
  });
  return changed ? out : undefined;
}

/** Numbers in another base, when the text names it ("in binary: 11/100", "hex 0x0c"), as ordinary figures. */
function baseReadings(text: string): string[] {
  const out: string[] = [];
  // A prefix names the base by itself: 0x0C, 0b1100, 0o14.
  if (/\b0[xbo][0-9a-f]+\b/i.test(text)) {
    out.push(text.replace(/\b0([xbo])([0-9a-f]+)\b/gi, (m, base: string, digits: string) => String(parseInt(digits, { x: 16, b: 2, o: 8 }[base.toLowerCase()] ?? 10))));
  }
  // "Reverse the digits of 21": where the text says so, every run of digits read backwards.
  if (/\b(?:revers\w*|backwards?|mirror\w*|flip\w*)\b/i.test(text)) out.push(text.replace(/\d{2,}/g, (d) => [...d].reverse().join('')));
  const convert = (pattern: RegExp, base: number) => text.replace(pattern, (token) => String(parseInt(token.replace(/^0[xbo]/i, ''), base)));
  if (/\b(?:binary|base[\s-]?2|bits?)\b/i.test(text)) out.push(convert(/(?<![\w.])(?:0b)?[01]{2,}(?!\w|\.\d)/gi, 2));
  if (/\b(?:hex|hexadecimal|base[\s-]?16)\b/i.test(text)) out.push(convert(/(?<![\w.])(?:0x[0-9a-f]+|(?=[0-9a-f]*\d)[0-9a-f]+)(?!\w|\.\d)/gi, 16));
  if (/\b(?:octal|base[\s-]?8)\b/i.test(text)) out.push(convert(/(?<![\w.])(?:0o)?[0-7]{2,}(?!\w|\.\d)/gi, 8));
  return out;
}

// Maps, not object literals, here and below: the words come from replies and learners, and "constructor" must
// not read as a letter or a number through what every object inherits.
const NATO = new Map<string, string>(Object.entries({
  alfa: 'a', alpha: 'a', bravo: 'b', charlie: 'c', delta: 'd', echo: 'e', foxtrot: 'f', golf: 'g', hotel: 'h', india: 'i', juliett: 'j',
  juliet: 'j', kilo: 'k', lima: 'l', mike: 'm', november: 'n', oscar: 'o', papa: 'p', quebec: 'q', romeo: 'r', sierra: 's', tango: 't',
  uniform: 'u', victor: 'v', whiskey: 'w', whisky: 'w', xray: 'x', 'x-ray': 'x', yankee: 'y', zulu: 'z',
}));

function natoReading(text: string): string | undefined {
  const words = text.toLowerCase().match(/[a-z-]+/g) ?? [];
  let best = '';
  let run = '';
  for (const w of words) {
    const letter = NATO.get(w);
    run = letter ? run + letter : '';
    if (run.length > best.length) best = run;
  }
  return best.length >= 3 ? best : undefined;
}

/** Letters shifted n places along the alphabet (ROT13 is n = 13). */
export const rot = (text: string, n: number) => text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + n) % 26) + 97));

/** The first letters of lines, of sentences and of list items: an acrostic spells a word down the side. */
function acrostics(text: string): string[] {
  // Lines that start with a letter (a table's rows and code start otherwise).
  const lines = text.split(/\n+/).map((l) => l.replace(/^[\s\-*\d.)]*/, '')).filter((l) => /^\p{L}/u.test(l));
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
  const initials = (parts: string[]) => parts.map((p) => /[\p{L}\p{N}]/u.exec(p)?.[0] ?? '').join('').toLowerCase();
  return [initials(lines), initials(sentences)].filter((a) => a.length >= 3);
}

const COMMON = new Set('the is are a an and of to you what how that it in for with this can answer be so your not we which'.split(' '));
const englishWords = (s: string) => (s.match(/[a-z']+/g) ?? []).filter((w) => COMMON.has(w)).length;

// Number words of four letters or more, and a few that only appear beside numbers.
const CIPHERED_WORDS = [...NUMBER_WORDS, 'percent', 'point'];

// Every number word shifted back by 1 to 25 places, with the shift that restores it: read once, looked up per word.
const SHIFTED_NUMBER_WORDS = new Map<string, number>(
  CIPHERED_WORDS.flatMap((w) => Array.from({ length: 25 }, (_, i) => [rot(w, 26 - (i + 1)), i + 1] as [string, number])),
);

/** Shifts (ROT-n) under which a word of the text becomes a number word of four letters or more ("frira" is "seven"). */
function shiftsHidingNumbers(plain: string): number[] {
  // Three-letter number words shifted are often ordinary words ("one" is "bar"): only where a cipher is named.
  const shortest = /\b(?:rot-?\d+|caesar|cipher|shift(?:ed)?|decode|encoded|secret\s+code)\b/.test(plain) ? 3 : 4;
  const shifts = new Set<number>();
  for (const word of plain.match(/[a-z]{3,}/g) ?? []) {
    const n = SHIFTED_NUMBER_WORDS.get(word);
    if (n !== undefined && word.length >= shortest) shifts.add(n);
  }
  return [...shifts];
}

/** Text set in bold, as a lone code span or alone in a code block ("**2** rows", "`Engineering`"): what a reply puts forward. */
export function emphasised(text: string): string[] {
  return [...text.matchAll(/(\*\*|__)\s*([^*_\n]{1,40}?)\s*\1|(?<!`)`([^`\n]{1,40})`(?!`)|```[\w-]*[ \t]*\n?[ \t]*([^`\n]{1,60}?)\s*```/g)].map((m) => plainReading(m[2] ?? m[3] ?? m[4] ?? ''));
}

// Number words of other languages (accents stripped), as English figures or fraction words, so that "tres
// octavos" or "la risposta e dodici" is read by value. Words that are also English ("cent", "elf", "once", "doze", "seize", "due", "sept",
// "null") are left out: they would turn ordinary English, or SQL, into numbers.
const FOREIGN_NUMBERS = new Map<string, string>(
  (
    // Spanish
    'cero:0 uno:1 una:1 dos:2 tres:3 cuatro:4 cinco:5 seis:6 siete:7 ocho:8 nueve:9 diez:10 doce:12 trece:13 catorce:14 ' +
    'quince:15 dieciseis:16 diecisiete:17 dieciocho:18 diecinueve:19 veinte:20 treinta:30 cuarenta:40 cincuenta:50 sesenta:60 ' +
    'setenta:70 ochenta:80 noventa:90 cien:100 ciento:100 medio:half mitad:half tercio:third tercios:thirds cuarto:quarter ' +
    'cuartos:quarters quinto:fifth quintos:fifths sexto:sixth sextos:sixths septimo:seventh septimos:sevenths octavo:eighth ' +
    'octavos:eighths noveno:ninth novenos:ninths decimo:tenth decimos:tenths ' +
    // French
    'deux:2 trois:3 quatre:4 cinq:5 huit:8 neuf:9 onze:11 douze:12 treize:13 quatorze:14 quinze:15 vingt:20 ' +
    'trente:30 quarante:40 cinquante:50 soixante:60 demie:half moitie:half quarts:quarters cinquieme:fifth cinquiemes:fifths ' +
    'sixieme:sixth sixiemes:sixths septieme:seventh septiemes:sevenths huitieme:eighth huitiemes:eighths neuvieme:ninth ' +
    'neuviemes:ninths dixieme:tenth dixiemes:tenths ' +
    // German
    'eins:1 zwei:2 drei:3 vier:4 funf:5 fuenf:5 sechs:6 sieben:7 acht:8 neun:9 zehn:10 zwolf:12 zwoelf:12 zwanzig:20 dreissig:30 ' +
    'vierzig:40 hundert:100 halb:half halbe:half drittel:thirds viertel:quarters funftel:fifths sechstel:sixths siebtel:sevenths ' +
    'achtel:eighths neuntel:ninths zehntel:tenths ' +
    // Italian
    'quattro:4 cinque:5 sette:7 otto:8 nove:9 dieci:10 undici:11 dodici:12 tredici:13 venti:20 trenta:30 mezzo:half terzo:third ' +
    'terzi:thirds quarti:quarters sesto:sixth settimo:seventh ottavo:eighth ottavi:eighths nono:ninth ' +
    // Portuguese and Dutch
    'dois:2 duas:2 oito:8 dez:10 vinte:20 meio:half terco:third tercos:thirds oitavo:eighth oitavos:eighths ' +
    'twee:2 drie:3 vijf:5 zes:6 zeven:7 negen:9 tien:10 twaalf:12 twintig:20 derde:third kwart:quarter achtste:eighth ' +
    // more fraction words, and the few words that say "and", "is", "answer" and "option" around them
    'un:1 une:1 douzieme:twelfth douziemes:twelfths onzieme:eleventh doceavo:twelfth doceavos:twelfths onceavo:eleventh ' +
    'onceavos:elevenths dodicesimo:twelfth dodicesimi:twelfths zwolftel:twelfths y:and et:and und:and ' +
    'respuesta:answer reponse:answer antwort:answer risposta:answer resposta:answer antwoord:answer correcta:correct ' +
    'correcte:correct richtige:correct corretta:correct opcion:option opzione:option opcao:option optie:option es:is est:is ist:is'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

// Words that only matter beside a number or an option: alone they do not make a reading.
const GLUE = new Set(['and', 'is', 'answer', 'correct', 'option']);

/** The text with other languages' number words as English ones, when it has any. */
function foreignNumbersReading(plain: string): string | undefined {
  let changed = false;
  const out = plain.replace(/[a-z]+/g, (word) => {
    const english = FOREIGN_NUMBERS.get(word);
    if (english === undefined) return word;
    if (!GLUE.has(english)) changed = true;
    return english;
  });
  // "la respuesta correcta es la opcion a": an option named in another language counts as a number word does.
  return changed || /\b(?:opcion|opzione|opcao|optie|respuesta|reponse|risposta|resposta)\b/.test(plain) ? out : undefined;
}

export interface ReadingOptions {
  /** Also read text backwards and first letters: worthwhile when the answer is words. (Shifted letters: see phrases.ts.) */
  words?: boolean;
  /** Only the readings of ordinary writing (figures, number words, calculations in words), no decodings. */
  plainOnly?: boolean;
}

const readingsByKind = new Map<string, (text: string) => readonly Reading[]>();

/**
 * Every reading of a text worth checking: the plain one, letters joined, and each encoding that decodes to
 * readable text. Readings that only exist for words (ROT-n, reversed, acrostics) are added on request, since
 * numbers read backwards or shifted would find answers where none were meant. Remembered per text and options:
 * the result is shared, never change it.
 */
export function readingsOf(text: string, options: ReadingOptions = {}): readonly Reading[] {
  const kind = `${options.words ? 'w' : ''}${options.plainOnly ? 'p' : ''}`;
  let read = readingsByKind.get(kind);
  if (!read) readingsByKind.set(kind, (read = memoized((t) => readAllWays(t, options))));
  return read(text);
}

function readAllWays(text: string, options: ReadingOptions): Reading[] {
  const plain = plainReading(text);
  const readings: Reading[] = [{ how: 'plain', text: plain }];
  const seen = new Set([plain]);
  const addPlain = (how: string, t: string, transformed = false) => {
    if (!t.trim() || seen.has(t)) return;
    seen.add(t);
    readings.push({ how, text: t, ...(transformed ? { transformed } : {}) });
  };
  const add = (how: string, source: string, transformed = false) => addPlain(how, plainReading(source), transformed);
  if (options.plainOnly) {
    const figures = figuresReading(plain);
    const spoken = spokenCalculation(figures ?? plain);
    if (spoken) add('calculation in words', spoken);
    return readings;
  }
  // Digits spaced one by one ("2 4" for 24) as well as longer runs of letters or digits.
  const raw = text.normalize('NFKC').replace(/[\p{Cf}]/gu, '');
  // Joined before the plain reading squeezes spaces: two spaces between spelled letters part words.
  add('letters joined', joinSpacedOut(raw).replace(/(?<![\d.,/])\d(?: \d(?![\d.,/]))+/g, (run) => run.replace(/ /g, '')));
  for (const d of base64Decodings(raw)) add('base64', d);
  for (const d of hexDecodings(raw)) add('hex', d);
  for (const d of binaryDecodings(raw)) add('binary', d);
  for (const d of morseDecodings(raw)) add('morse', d);
  for (const d of urlAndEntityDecodings(raw)) add('encoded characters', d);
  const foreign = foreignNumbersReading(plain);
  if (foreign) add('number words of another language', foreign);
  // Number words as figures, so that calculations said in words are read too ("one more than eleven").
  const figures = figuresReading(plain);
  const spoken = spokenCalculation(figures ?? plain);
  if (spoken) add('calculation in words', spoken);
  if (options.words) {
    const leet = leetReading(plain);
    if (leet) addPlain('letters for look-alike digits', leet, true);
  }
  const quoted = quotedCharacters(raw);
  if (quoted) add('characters quoted one by one', quoted);
  const pieces = quotedPieces(raw);
  if (pieces) add('quoted pieces joined', pieces);
  const roman = romanReading(raw);
  if (roman) add('Roman numerals', roman);
  for (const b of baseReadings(raw)) add('another base', b);
  const nato = natoReading(raw);
  if (nato) add('spelling alphabet', nato);
  // Stretches written backwards read as ordinary words once turned round: those count like plain text.
  // Clauses, cut also where a capitalised word starts ("Read this backwards: 8/3 si rewsna ehT Let me know").
  const clauses = raw.split(/\n+|(?<=[.!?:;])\s+|\s+(?=[A-Z][a-z])/).map((c) => plainReading(c));
  const backwards = clauses.map((c) => [...c].reverse().join('')).filter((c) => englishWords(c) > englishWords([...c].reverse().join('')));
  if (backwards.length > 0) add('reversed', backwards.join('\n'));
  for (const n of shiftsHidingNumbers(plain)) addPlain(n === 13 ? 'rot13' : `letters shifted by ${n}`, rot(plain, n));
  if (options.words) {
    addPlain('reversed', [...plain].reverse().join(''), true);
    for (const a of acrostics(raw)) add('first letters', a, true);
  }
  return readings;
}
