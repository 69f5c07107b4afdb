// A reply cut to a platform's message length (Discord 2,000 characters, a Slack section 3,000): on paragraph
// boundaries where it can, then lines, then words, and never inside a code block. A code block longer than a
// message is closed at the cut and opened again in the next, so each message renders on its own.

const FENCE = /^\s*```/;

interface Block {
  text: string;
  /** The opening fence line (with its language) when this block is code. */
  fence?: string;
}

/** Paragraphs, with each fenced code block kept whole as one block (blank lines inside it included). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  let prose: string[] = [];
  const flushProse = () => {
    for (const para of prose.join('\n').split(/\n{2,}/)) if (para.trim()) out.push({ text: para });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!FENCE.test(line)) {
      prose.push(line);
      continue;
    }
    flushProse();
    const code = [line];
    let j = i + 1;
    for (; j < lines.length; j++) {
      code.push(lines[j] ?? '');
      if (FENCE.test(lines[j] ?? '')) break;
    }
    // An unclosed fence runs to the end, as Markdown renders it; it is closed here so each message stands alone.
    if (j >= lines.length) code.push('```');
    out.push({ text: code.join('\n'), fence: line.trim() });
    i = j;
  }
  flushProse();
  return out;
}

/** Cuts one over-long piece of prose at the last line break, else the last space, before the limit. */
function cutProse(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let at = window.lastIndexOf('\n');
    if (at < max / 2) at = window.lastIndexOf(' ');
    if (at <= 0) at = max;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Cuts a code block into blocks of whole lines that each fit, every one fenced again. */
function cutCode(block: Block, max: number): string[] {
  const fence = block.fence ?? '```';
  const body = block.text.split('\n').slice(1, -1);
  const room = max - fence.length - '\n\n```'.length;
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    if (current.length) out.push([fence, ...current, '```'].join('\n'));
    current = [];
    size = 0;
  };
  for (const raw of body) {
    // A single line longer than a message can only be cut where it is.
    for (const line of raw.length > room ? cutProse(raw, Math.max(1, room)) : [raw]) {
      if (size + line.length + 1 > room) flush();
      current.push(line);
      size += line.length + 1;
    }
  }
  flush();
  return out;
}

/**
 * The text as messages of at most `max` characters each, in order. Paragraphs are packed together while they
 * fit; nothing is lost but the blank lines at a cut.
 */
export function chunkText(text: string, max: number): string[] {
  if (max < 20) throw new RangeError('a message limit under 20 characters cannot hold a fenced line');
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  for (const block of blocks(text)) {
    if (block.text.length <= max) pieces.push(block.text);
    else pieces.push(...(block.fence ? cutCode(block, max) : cutProse(block.text, max)));
  }
  const messages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + 2 + piece.length <= max) current = `${current}\n\n${piece}`;
    else {
      if (current) messages.push(current);
      current = piece;
    }
  }
  if (current) messages.push(current);
  return messages;
}
