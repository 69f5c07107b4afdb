// Markdown-lite into DOM nodes: **bold**, _italic_ or *italic*, `code`, ```fenced code```, "- " list items and
// line breaks. Every piece of message text goes in as a text node, so HTML in a message shows as text.
import { h } from './dom.ts';

const FENCE = /^\s*```/;
const ITEM = /^\s*[-*] (.*)$/;

export function renderMarkdown(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let para: HTMLParagraphElement | undefined;
  let list: HTMLUListElement | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) {
      const code: string[] = [];
      while (++i < lines.length && !FENCE.test(lines[i] ?? '')) code.push(lines[i] ?? '');
      out.append(h('pre', null, h('code', null, code.join('\n'))));
      para = list = undefined;
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      if (!list) out.append((list = h('ul')));
      const li = h('li');
      inline(item[1] ?? '', li);
      list.append(li);
      para = undefined;
      continue;
    }
    if (!line.trim()) {
      para = list = undefined;
      continue;
    }
    if (para) para.append(h('br'));
    else out.append((para = h('p')));
    list = undefined;
    inline(line, para);
  }
  return out;
}

/**
 * Inline marks. Groups: 1 code, 2 bold, 3+4 the character before and the text of *italic*, 5+6 the same for
 * _italic_. A star or underscore inside a word (2*3*4, snake_case) or next to a space (3 * 4) is plain text.
 */
function inline(text: string, parent: ParentNode): void {
  const marks = /`([^`\n]+)`|\*\*(\S(?:.*?\S)?)\*\*|(^|[^\w*])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?!\w)|(^|\W)_([^\s_](?:[^_\n]*?[^\s_])?)_(?!\w)/g;
  let last = 0;
  for (let m = marks.exec(text); m; m = marks.exec(text)) {
    const before = text.slice(last, m.index) + (m[3] ?? m[5] ?? '');
    if (before) parent.append(before);
    if (m[1] !== undefined) parent.append(h('code', null, m[1]));
    else {
      const el = h(m[2] !== undefined ? 'strong' : 'em');
      inline(m[2] ?? m[4] ?? m[6] ?? '', el);
      parent.append(el);
    }
    last = marks.lastIndex;
  }
  if (last < text.length) parent.append(text.slice(last));
}
