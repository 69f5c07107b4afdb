// The tutor's Markdown-lite as Slack's mrkdwn: **bold** is *bold*, _italic_ and `code` are the same, and the
// three characters Slack reads as markup are escaped first so a learner's text cannot become a mention.
export function toMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\*\*(.+?)\*\*/g, '*$1*');
}

/**
 * Provisional text for Slack's streaming calls, which take standard Markdown (so **bold** stays): only `<` is
 * replaced, so that nothing streamed can become a mention or a link before the final reply replaces it.
 */
export function toStreamedMarkdown(text: string): string {
  return text.replace(/</g, '\u2039');
}
