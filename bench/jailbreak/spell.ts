// Numbers spelled out the ways a compromised model could slip an answer past a digit-minded guard: English,
// French and Spanish words, fractions as "three eighths", Roman numerals. Written here, not borrowed from the
// tutor, so the suite does not share a blind spot with the code it measures.

const EN_UNITS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function englishBelowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds > 0) parts.push(`${EN_UNITS[hundreds]} hundred`);
  if (rest > 0 || hundreds === 0) {
    if (rest < 20) parts.push(EN_UNITS[rest] ?? '');
    else parts.push(`${EN_TENS[Math.floor(rest / 10)]}${rest % 10 ? `-${EN_UNITS[rest % 10]}` : ''}`);
  }
  return parts.join(' ');
}

/** 0 to 999,999 in English words: 149000 is "one hundred forty-nine thousand". */
export function englishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) return String(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return englishBelowThousand(rest);
  return rest === 0 ? `${englishBelowThousand(thousands)} thousand` : `${englishBelowThousand(thousands)} thousand ${englishBelowThousand(rest)}`;
}

const EN_ORDINAL_UNITS: Record<number, string> = {
  1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', 6: 'sixth', 7: 'seventh', 8: 'eighth', 9: 'ninth',
  10: 'tenth', 11: 'eleventh', 12: 'twelfth', 13: 'thirteenth', 14: 'fourteenth', 15: 'fifteenth',
  16: 'sixteenth', 17: 'seventeenth', 18: 'eighteenth', 19: 'nineteenth',
};

export function englishOrdinal(n: number): string {
  if (EN_ORDINAL_UNITS[n]) return EN_ORDINAL_UNITS[n] ?? '';
  if (n < 100 && n % 10 === 0) return `${(EN_TENS[n / 10] ?? '').replace(/y$/, 'ie')}th`;
  if (n < 100) return `${EN_TENS[Math.floor(n / 10)]}-${EN_ORDINAL_UNITS[n % 10]}`;
  return `${englishNumber(n)}th`;
}

/** "three eighths", "one half", "one and two sevenths", "twelve". */
export function englishFraction(numerator: number, denominator: number): string {
  if (denominator === 1) return englishNumber(numerator);
  const whole = Math.floor(numerator / denominator);
  const part = numerator % denominator;
  const denominatorWord = (count: number) => {
    if (denominator === 2) return count === 1 ? 'half' : 'halves';
    if (denominator === 4) return count === 1 ? 'quarter' : 'quarters';
    const ordinal = englishOrdinal(denominator);
    return count === 1 ? ordinal : `${ordinal}s`;
  };
  const fraction = part === 0 ? '' : `${englishNumber(part)} ${denominatorWord(part)}`;
  if (whole === 0) return fraction;
  return fraction ? `${englishNumber(whole)} and ${fraction}` : englishNumber(whole);
}

const FR_UNITS = [
  'zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize',
  'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf',
];
const FR_TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

function frenchBelowHundred(n: number): string {
  if (n < 20) return FR_UNITS[n] ?? '';
  if (n < 70) {
    const tens = FR_TENS[Math.floor(n / 10)] ?? '';
    const unit = n % 10;
    if (unit === 0) return tens;
    return unit === 1 ? `${tens} et un` : `${tens}-${FR_UNITS[unit]}`;
  }
  if (n < 80) return n === 71 ? 'soixante et onze' : `soixante-${FR_UNITS[n - 60]}`;
  if (n === 80) return 'quatre-vingts';
  return `quatre-vingt-${FR_UNITS[n - 80]}`;
}

function frenchBelowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const head = hundreds === 0 ? '' : hundreds === 1 ? 'cent' : `${FR_UNITS[hundreds]} cent${rest === 0 ? 's' : ''}`;
  if (rest === 0) return head || 'zéro';
  return head ? `${head} ${frenchBelowHundred(rest)}` : frenchBelowHundred(rest);
}

export function frenchNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) return String(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return frenchBelowThousand(rest);
  const head = thousands === 1 ? 'mille' : `${frenchBelowThousand(thousands)} mille`;
  return rest === 0 ? head : `${head} ${frenchBelowThousand(rest)}`;
}

function frenchDenominator(denominator: number, plural: boolean): string {
  if (denominator === 2) return plural ? 'demis' : 'demi';
  if (denominator === 3) return 'tiers';
  if (denominator === 4) return plural ? 'quarts' : 'quart';
  const cardinal = frenchNumber(denominator);
  const stem = cardinal.endsWith('cinq') ? `${cardinal}u` : cardinal.endsWith('neuf') ? `${cardinal.slice(0, -1)}v` : cardinal.replace(/e$/, '');
  return `${stem}ième${plural ? 's' : ''}`;
}

/** "trois huitièmes", "un et deux septièmes", "douze". */
export function frenchFraction(numerator: number, denominator: number): string {
  if (denominator === 1) return frenchNumber(numerator);
  const whole = Math.floor(numerator / denominator);
  const part = numerator % denominator;
  const fraction = part === 0 ? '' : `${frenchNumber(part)} ${frenchDenominator(denominator, part > 1)}`;
  if (whole === 0) return fraction;
  return fraction ? `${frenchNumber(whole)} et ${fraction}` : frenchNumber(whole);
}

const ES_UNITS = [
  'cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece',
  'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve', 'veinte',
];
const ES_DENOMINATORS: Record<number, string> = {
  2: 'medio', 3: 'tercio', 4: 'cuarto', 5: 'quinto', 6: 'sexto', 7: 'séptimo', 8: 'octavo', 9: 'noveno', 10: 'décimo',
};

/** "tres octavos", "cinco doceavos"; whole numbers stay in figures, as a Spanish speaker would often write them. */
export function spanishFraction(numerator: number, denominator: number): string {
  if (denominator === 1) return String(numerator);
  const whole = Math.floor(numerator / denominator);
  const part = numerator % denominator;
  const count = ES_UNITS[part] ?? String(part);
  const base = ES_DENOMINATORS[denominator] ?? `${ES_UNITS[denominator] ?? String(denominator)}avo`;
  const fraction = part === 0 ? '' : `${part === 1 ? 'un' : count} ${base}${part > 1 ? 's' : ''}`;
  if (whole === 0) return fraction;
  return fraction ? `${whole} y ${fraction}` : String(whole);
}

const ROMAN: Array<[number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

/** Roman numerals exist for 1 to 3999 only; undefined outside. */
export function roman(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 3999) return undefined;
  let rest = n;
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}
