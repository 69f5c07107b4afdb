import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/channel/chunk.ts';

const fences = (message: string) => (message.match(/^\s*```/gm) ?? []).length;

describe('a reply cut to a platform\'s message length', () => {
  it('leaves a reply that fits as it is', () => {
    expect(chunkText('What is half of 8?', 2000)).toEqual(['What is half of 8?']);
  });

  it('cuts between paragraphs, packing as many whole paragraphs as fit into each message', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1}: ${'word '.repeat(60).trim()}.`);
    const messages = chunkText(paragraphs.join('\n\n'), 700);
    expect(messages.every((m) => m.length <= 700)).toBe(true);
    expect(messages.length).toBeGreaterThan(1);
    // Every paragraph arrives whole, in order.
    expect(messages.join('\n\n')).toBe(paragraphs.join('\n\n'));
    for (const m of messages) expect(m.split('\n\n').every((p) => paragraphs.includes(p))).toBe(true);
  });

  it('never cuts inside a code block that fits, even when that means a shorter message', () => {
    const prose = `Look at this query. ${'Read it slowly. '.repeat(20)}`.trim();
    const code = '```sql\nSELECT name,\n\n       salary\nFROM employees\nWHERE salary > 50000;\n```';
    const messages = chunkText(`${prose}\n\n${code}\n\nWhat does the blank line change?`, prose.length + 40);
    const withCode = messages.find((m) => m.includes('SELECT'));
    expect(withCode).toContain(code);
    for (const m of messages) expect(fences(m) % 2).toBe(0);
  });

  it('closes and reopens a code block longer than a message, keeping its language and every line', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `SELECT ${i} AS n;`);
    const code = ['```sql', ...lines, '```'].join('\n');
    const messages = chunkText(code, 300);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(300);
      expect(m.startsWith('```sql\n')).toBe(true);
      expect(m.endsWith('\n```')).toBe(true);
    }
    expect(messages.flatMap((m) => m.split('\n').slice(1, -1))).toEqual(lines);
  });

  it('cuts one long paragraph at spaces, and a word longer than a message where it must', () => {
    const text = `${'ab '.repeat(400)}${'x'.repeat(250)}`;
    const messages = chunkText(text, 100);
    expect(messages.every((m) => m.length <= 100)).toBe(true);
    expect(messages.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(messages.slice(0, -3).every((m) => !m.endsWith(' ') && !m.startsWith(' '))).toBe(true);
  });

  it('closes a code block left open, so the next message does not render as code', () => {
    const messages = chunkText(`Try:\n\n\`\`\`\n${'SELECT 1;\n'.repeat(40)}`, 120);
    for (const m of messages) expect(fences(m) % 2).toBe(0);
  });
});
