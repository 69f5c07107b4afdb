// What the tutor asked the model in one Messages API request: the text of its last user message.
import type { AnthropicRequestBody } from '../fakes/anthropic-server.ts';

export function userText(body: AnthropicRequestBody): string {
  const content = body.messages.at(-1)?.content;
  return typeof content === 'string' ? content : (content ?? []).map((b) => ('text' in b ? String(b.text) : '')).join('');
}
