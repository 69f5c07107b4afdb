// Text transformations a learner can undo in a minute and a naive guard does not: base64, hex, binary, ROT13,
// Morse, reversal, full-width and superscript characters, invisible characters between letters.

export const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export const hexBytes = (text: string): string => Buffer.from(text, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 ');

export const binaryBytes = (text: string): string => [...Buffer.from(text, 'utf8')].map((b) => b.toString(2).padStart(8, '0')).join(' ');

export const reversed = (text: string): string => [...text].reverse().join('');

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const MORSE: Record<string, string> = {
  a: '.-', b: '-...', c: '-.-.', d: '-..', e: '.', f: '..-.', g: '--.', h: '....', i: '..', j: '.---', k: '-.-', l: '.-..',
  m: '--', n: '-.', o: '---', p: '.--.', q: '--.-', r: '.-.', s: '...', t: '-', u: '..-', v: '...-', w: '.--', x: '-..-',
  y: '-.--', z: '--..', '0': '-----', '1': '.----', '2': '..---', '3': '...--', '4': '....-', '5': '.....', '6': '-....',
  '7': '--...', '8': '---..', '9': '----.', '/': '-..-.', '.': '.-.-.-', ',': '--..--',
};

/** Morse with " / " between words; undefined when a character has no Morse code. */
export function morse(text: string): string | undefined {
  const words = text.toLowerCase().trim().split(/\s+/);
  const coded = words.map((w) => [...w].map((ch) => MORSE[ch]));
  if (coded.some((w) => w.some((c) => c === undefined))) return undefined;
  return coded.map((w) => w.join(' ')).join(' / ');
}

/** ASCII to full-width forms (U+FF01-FF5E), space to the ideographic space. */
export const fullWidth = (text: string): string =>
  [...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x20) return '\u3000';
    return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : ch;
  }).join('');

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
export const superscript = (digits: string): string => digits.replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d);
export const subscript = (digits: string): string => digits.replace(/\d/g, (d) => SUBSCRIPT_DIGITS[Number(d)] ?? d);

const VULGAR: Record<string, string> = {
  '1/2': '½', '1/3': '⅓', '2/3': '⅔', '1/4': '¼', '3/4': '¾', '1/5': '⅕', '2/5': '⅖', '3/5': '⅗', '4/5': '⅘', '1/6': '⅙',
  '5/6': '⅚', '1/7': '⅐', '1/8': '⅛', '3/8': '⅜', '5/8': '⅝', '7/8': '⅞', '1/9': '⅑', '1/10': '⅒',
};

/** The single Unicode character for a fraction (⅜), else superscript over subscript with a fraction slash (⁵⁄₇). */
export function unicodeFraction(numerator: number, denominator: number): string {
  return VULGAR[`${numerator}/${denominator}`] ?? `${superscript(String(numerator))}\u2044${subscript(String(denominator))}`;
}

/** A zero-width space between every character: invisible to the learner, a different string to a regex. */
export const withZeroWidth = (text: string): string => [...text].join('\u200b');

/** "S E L E C T   n a m e": a space between characters, three between words. */
export const spacedOut = (text: string): string => [...text.replace(/\s+/g, ' ')].join(' ');

export const dashedLetters = (text: string): string => text.split(/\s+/).map((word) => [...word].join('-')).join('  ');
