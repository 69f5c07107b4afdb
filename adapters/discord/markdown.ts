// The tutor's Markdown-lite (**bold**, _italic_, `code`, lists, fenced code) is Discord's own, so it goes as written.
// Only what Discord would read as more than text is neutralised, outside code: mentions (a learner's words quoted
// back must not show as @everyone or as someone's name; pings are off anyway, see allowed_mentions) and headings.

// Fenced blocks and inline code spans, which Discord shows literally.
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]*`)/g;

function plain(text: string): string {
  return (
    text
      // <@id>, <@!id>, <@&role>, <#channel>, </command:id>: shown as typed, not as the thing they name.
      .replace(/<(@[!&]?|#|\/)(?=[\w\s:-]*>)/g, '\\<$1')
      .replace(/@(everyone|here)\b/g, '@\u200b$1')
      // "# ", "## ", "### " and "-# " at a line start are headings and subtext in Discord.
      .replace(/^(\s*)(-?#{1,3}\s)/gm, '$1\\$2')
  );
}

export function toDiscordMarkdown(text: string): string {
  return text
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : plain(part)))
    .join('');
}
