// The widget's own words (the tutor's replies come from the server; these are only the frame around them).
// English is built in; other interface languages are small JSON files next to widget.js (widget/lang/<code>.json),
// fetched only by a page that asks for one, so that every page does not carry every language.
export const EN = {
  chatWith: 'Chat with {title}',
  close: 'Close',
  send: 'Send',
  messageTo: 'Message to {title}',
  placeholder: 'Type your answer…',
  greeting: 'Hi! Say hello to get started.',
  greetingNamed: 'Hi {name}! Say hello to get started.',
  connecting: 'Connecting…',
  thinking: 'Thinking…',
  reconnecting: 'Reconnecting…',
  tryAgain: 'Try again',
  answers: 'Answers',
  mastered: '{n} of {of} mastered',
  download: 'Download {name}',
  expired: 'Your sign-in has expired. Please reload the page to keep going.',
  signIn: "This page couldn't sign you in to the tutor. Please reload the page; if it keeps happening, let the site know.",
  busy: "That's a lot of messages at once. Please wait a moment and try again.",
  busyFor: "That's a lot of messages at once. Please wait {seconds} seconds and try again.",
  tooLong: 'That message is too long. Please shorten it and try again.',
  notSaved: 'The tutor is very busy and could not save that message. Please send it again.',
  notHere: "The tutor isn't available on this website yet.",
  unreachable: "Can't reach the tutor right now. Check your connection and try again.",
  reload: 'Please reload the page to sign in to the tutor again.',
  generic: 'Sorry, something went wrong. Please try again.',
  // For whoever can fix it: the site is not set up for this page's address.
  siteOwner: "The tutor isn't set up for this website yet. Site owner: add {origin} to PONDER_ORIGINS on the tutor server.",
};

export type Strings = typeof EN;
export type StringKey = keyof Strings;

/** Interface languages a site can choose with data-lang. */
export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A string with its {placeholders} filled in. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A language file read over the network: only known keys with string values are taken; English fills the rest. */
export function withEnglish(loaded: unknown): Strings {
  const out: Strings = { ...EN };
  if (loaded && typeof loaded === 'object') {
    for (const key of Object.keys(EN) as StringKey[]) {
      const value = (loaded as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.length <= 400) out[key] = value;
    }
  }
  return out;
}
