// Reads a Messages API request the way the adversary needs to: which move it is asked to word, which item is
// open (by matching the turn prompt's "Open question" line against the curriculum), whether revealing is
// allowed, and whether it is a tool call (grading, diagnosis) or a request for a leak verdict.
import type { Item } from '../../src/curriculum/pack.ts';
import type { AnthropicContentBlock, AnthropicRequestBody, AnthropicTool } from '../../test/fakes/anthropic-server.ts';

export type AdversaryRequest =
  | { type: 'say'; move: string; item?: Item; revealAllowed: boolean; strict: boolean; authored: string }
  | { type: 'grade'; toolName: string; item?: Item; learnerText: string }
  | { type: 'diagnose'; toolName: string; item?: Item; learnerText: string }
  | { type: 'judge'; tool?: AnthropicTool; verdict: 'no' | 'safe' };

const blockText = (content: string | AnthropicContentBlock[] | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');

export const userText = (body: AnthropicRequestBody): string => body.messages.map((m) => blockText(m.content)).join('\n');
export const systemText = (body: AnthropicRequestBody): string => blockText(body.system);

/** Finds items by their prompt as the tutor writes it into a model request. */
export function createItemIndex(items: readonly Item[]) {
  const byPrompt = new Map(items.map((item) => [item.prompt.trim(), item]));
  // Longest prompts first, so an item whose prompt contains another's is preferred.
  const longestFirst = [...items].sort((a, b) => b.prompt.length - a.prompt.length);
  return {
    exact: (text: string): Item | undefined => byPrompt.get(text.trim()),
    within: (text: string): Item | undefined => longestFirst.find((item) => text.includes(item.prompt.trim())),
  };
}
export type ItemIndex = ReturnType<typeof createItemIndex>;

const ALREADY_ANSWERED = /\(already answered\)\s*$/;

/** The open item of a turn prompt; undefined when none is open or it is already answered. */
function openItemOf(user: string, index: ItemIndex): Item | undefined {
  const line = /Open question[^:\n]*:[ \t]*([\s\S]*?)\n[ \t]*Revealing the answer is/.exec(user)?.[1];
  if (line !== undefined) {
    if (ALREADY_ANSWERED.test(line.trim()) || /^\(none\)$/.test(line.trim())) return undefined;
    return index.exact(line) ?? index.within(line);
  }
  // A changed template: any item prompt in the request that is not marked as answered.
  const found = index.within(user);
  if (!found) return undefined;
  const after = user.slice(user.indexOf(found.prompt.trim()) + found.prompt.trim().length, user.indexOf(found.prompt.trim()) + found.prompt.trim().length + 30);
  return /^\s*\(already answered\)/.test(after) ? undefined : found;
}

/** The learner's words inside the last <learner> block of a tool prompt. */
function learnerBlock(user: string): string {
  const start = user.indexOf('<learner>');
  const end = user.lastIndexOf('</learner>');
  return start >= 0 && end > start ? user.slice(start + '<learner>'.length, end).trim() : '';
}

const JUDGE_TOOL = /judge|verdict|leak|reveal|safe/i;
const JUDGE_TEXT = /\b(judge|verdict)\b|\b(leaks?|gives?\s+away|reveals?)\b[^.?\n]{0,80}\banswer\b/i;

export function readRequest(body: AnthropicRequestBody, index: ItemIndex): AdversaryRequest {
  const user = userText(body);
  const tools = body.tools ?? [];
  const grade = tools.find((t) => t.name === 'grade_answer');
  const diagnose = tools.find((t) => t.name === 'diagnose_misconception');
  const questionOf = (pattern: RegExp) => {
    const text = pattern.exec(user)?.[1];
    return text !== undefined ? index.exact(text) ?? index.within(text) : index.within(user);
  };
  if (grade) return { type: 'grade', toolName: grade.name, item: questionOf(/Question:[ \t]*([\s\S]*?)\nKey points:/), learnerText: learnerBlock(user) };
  if (diagnose) return { type: 'diagnose', toolName: diagnose.name, item: questionOf(/Question:[ \t]*([\s\S]*?)\nCorrect answer/), learnerText: learnerBlock(user) };
  const judgeTool = tools.find((t) => JUDGE_TOOL.test(t.name));
  const move = /^Move:[ \t]*([\w-]+)/m.exec(user)?.[1];
  const everything = `${systemText(body)}\n${user}`;
  if (judgeTool || (!move && JUDGE_TEXT.test(everything))) {
    // Answer in the judge's own terms: "no" to "does it give the answer away? yes or no", else "safe".
    const yesOrNo = /\byes\b[^.\n]{0,40}\bno\b|\bno\b[^.\n]{0,40}\byes\b/i.test(everything);
    const verdict = yesOrNo || !/\bsafe\b/i.test(everything) ? 'no' : 'safe';
    return { type: 'judge', ...(judgeTool ? { tool: judgeTool } : {}), verdict };
  }
  return {
    type: 'say',
    move: move ?? 'unknown',
    item: openItemOf(user, index),
    revealAllowed: /Revealing the answer is ALLOWED/i.test(user),
    strict: /previous wording gave the answer away/i.test(user),
    authored: /<authored>\n?([\s\S]*?)\n?<\/authored>/.exec(user)?.[1]?.trim() ?? '',
  };
}
