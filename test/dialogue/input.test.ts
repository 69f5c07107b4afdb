import { describe, expect, it } from 'vitest';
import { cleanInput, MAX_INPUT } from '../../src/dialogue/input.ts';

describe('incoming text', () => {
  it('cuts a long message at 4,000 characters with a note, never inside a character', () => {
    const long = cleanInput('😀'.repeat(3000));
    expect(long.notes).toContain('cut');
    expect(long.text.length).toBeLessThanOrEqual(MAX_INPUT);
    expect(long.text).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('removes control and invisible characters but keeps every script', () => {
    expect(cleanInput('3\u0000/\u200b4\u202e').text).toBe('3/4');
    expect(cleanInput('  مرحبا 你好 🙂 ').text).toBe('مرحبا 你好 🙂');
  });

  it('recognises binary junk and empty messages', () => {
    expect(cleanInput('\u0000\u0001\u0002abc\ufffd\ufffd').notes).toEqual(['binary']);
    expect(cleanInput(' \n\t').notes).toEqual(['empty']);
    expect(cleanInput(undefined).notes).toEqual(['empty']);
    expect(cleanInput(42).text).toBe('42');
  });
});
