// Before any text goes to a language model, obvious personal data is replaced by a placeholder. Answers such
// as "3/4", "1,000" or "2x + 3" must survive untouched, so the number patterns ask for phone-like shapes.

export const REDACTIONS = ['email', 'phone', 'card', 'ip', 'url'] as const;
export type Redaction = (typeof REDACTIONS)[number];

const PATTERNS: Record<Redaction, RegExp> = {
  email: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
  // Card numbers before phones: 13-19 digits in groups.
  card: /\b(?:\d[ -]?){12,18}\d\b/g,
  // Eight or more digits with phone punctuation, optionally international.
  phone: /(?<![\w/])(?:\+|00)?\d[\d\s().-]{6,}\d(?![\w/])/g,
  ip: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g,
  url: /\bhttps?:\/\/\S+/gi,
};

const LABEL: Record<Redaction, string> = {
  email: '[email]',
  card: '[card number]',
  phone: '[phone]',
  ip: '[ip address]',
  url: '[link]',
};

function digits(text: string): number {
  return (text.match(/\d/g) ?? []).length;
}

export function redact(text: string, kinds: readonly Redaction[] = REDACTIONS): string {
  let out = text;
  for (const kind of ['email', 'url', 'card', 'ip', 'phone'] as const) {
    if (!kinds.includes(kind)) continue;
    out = out.replace(PATTERNS[kind], (match) => (kind === 'phone' && digits(match) < 8 ? match : LABEL[kind]));
  }
  return out;
}

export function parseRedactions(value: string | undefined): Redaction[] {
  if (value === undefined || value.trim() === '') return [...REDACTIONS];
  if (value.trim() === 'none') return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v): v is Redaction => (REDACTIONS as readonly string[]).includes(v));
}
