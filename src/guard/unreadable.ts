// What the guard's rules cannot read, and so cannot vouch for: letters of other scripts, tokens that look
// encoded but decode to nothing readable, and sentences in a language other than the pack's. Such text is
// "unverified": it goes to a judge model where one is configured, and otherwise the authored wording is sent.

// Greek letters that mathematics uses as symbols, not as words.
const MATH_LETTERS = /[πθΔΣμΩλφα-ωΑ-Ω]/u;
const OTHER_SCRIPT = /(?!\p{Script=Latin})\p{L}/gu;

// Short function words, common enough that two or three of them mark a sentence as written in that language.
const FOREIGN_WORDS = new Set(
  (
    // Spanish, French, German, Italian, Portuguese, Dutch (accents already stripped by the plain reading); none
    // of them an English word ("as", "die", "son" are left out).
    'el la los las es esta estan respuesta que una con por para del numero resultado ' +
    'le les est sont reponse une des du et vous avec pour nombre resultat voici ' +
    'der das ist sind und antwort ein eine nicht mit zahl ergebnis ' +
    'il gli della sono risposta che risultato ' +
    'resposta nao sao uma ' +
    'het een zijn antwoord niet'
  ).split(' '),
);
const ENGLISH_WORDS = new Set('the is are a an and of to you what how that it in for with this can do your we if on be so which'.split(' '));

export interface Unreadable {
  reason: string;
}

/** Why the rules cannot vouch for this text, or undefined when they can read all of it. */
export function unreadable(original: string, plain: string, language: string): Unreadable | undefined {
  const stripped = plain.replace(/`[^`]*`/g, ' ');
  // One pass over the letters of other scripts (most texts have none), rather than two tests on every character.
  for (const [ch] of stripped.matchAll(OTHER_SCRIPT)) {
    if (!MATH_LETTERS.test(ch)) return { reason: `letters of another script ("${ch}")` };
  }
  const encoded = /(?<![\w+/=])(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Za-z])[A-Za-z0-9+/]{12,}={0,2}(?![\w+/=])/.exec(original);
  if (encoded) return { reason: `a token that looks encoded ("${encoded[0].slice(0, 16)}")` };
  if (/(?:[01]{4,}\s+){3,}[01]{4,}/.test(original)) return { reason: 'a run of binary digits' };
  if (/(?:[.\-·]{1,6}\s+){4,}/.test(original.replace(/\.\.\./g, ''))) return { reason: 'dots and dashes like Morse code' };
  if (language === 'en') {
    // Sentence by sentence: one sentence in another language inside English small talk is enough to carry an answer.
    for (const sentence of plain.split(/(?<=[.!?:;])\s+|\n+/)) {
      const words = sentence.match(/[a-z']+/g) ?? [];
      const foreign = words.filter((w) => FOREIGN_WORDS.has(w) && !ENGLISH_WORDS.has(w)).length;
      const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
      if (foreign >= 2 && foreign > english) return { reason: 'a language other than the course\'s' };
    }
  }
  return undefined;
}
