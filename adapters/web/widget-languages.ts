// The widget's words in other interface languages (widget/lang/<code>.json), read once at start-up and served
// as they are: a page asking for French fetches only French.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./widget/lang/', import.meta.url));

export function readWidgetLanguages(dir = DIR): Map<string, Record<string, string>> {
  const languages = new Map<string, Record<string, string>>();
  for (const file of readdirSync(dir)) {
    if (!/^[a-z]{2}\.json$/.test(file)) continue;
    languages.set(file, JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, string>);
  }
  return languages;
}
