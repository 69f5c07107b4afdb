// What a site owner sets on the script tag (data-* attributes), read once and checked: a value the widget cannot
// use is left out with a console note for the site's developers, never half applied.
import { LANGUAGES, type Language } from './strings.ts';

export interface Settings {
  site: string;
  token: string | undefined;
  title: string;
  /** The launcher, header and learner bubbles: any CSS colour. */
  color: string | undefined;
  avatar: string | undefined;
  position: 'right' | 'left';
  greeting: string | undefined;
  /** The pack ids this page offers (`data-packs="fractions"`); empty offers every pack of the site. */
  packs: string[];
  language: Language;
}

/** For the site's developers: the attribute that was set aside, and what it takes. */
function note(attribute: string, value: string, wants: string): void {
  console.warn(`Ponder: data-${attribute}="${value}" is not ${wants}; left out.`);
}

function colorOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof CSS !== 'undefined' && CSS.supports('color', value)) return value;
  note('color', value, 'a CSS colour');
  return undefined;
}

function avatarOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, location.href);
    if (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'data:') return url.href;
  } catch {
    // reported below
  }
  note('avatar', value, 'an image address');
  return undefined;
}

function languageOf(value: string | undefined): Language {
  const wanted = (value || document.documentElement.lang || navigator.language || 'en').toLowerCase().slice(0, 2);
  const known = LANGUAGES.find((l) => l === wanted);
  if (known) return known;
  if (value) note('lang', value, LANGUAGES.join(' or '));
  return 'en';
}

export function readSettings(script: HTMLScriptElement | null): Settings {
  const data = script?.dataset ?? {};
  const language = languageOf(data.lang);
  const packs = (data.packs ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => /^[\w-]{1,64}$/.test(p));
  return {
    site: data.site || 'demo',
    token: data.token || undefined,
    title: (data.title || 'Ponder').slice(0, 60),
    color: colorOf(data.color),
    avatar: avatarOf(data.avatar),
    position: data.position === 'left' ? 'left' : 'right',
    greeting: data.greeting ? data.greeting.slice(0, 300) : undefined,
    packs,
    language,
  };
}
