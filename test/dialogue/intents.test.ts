import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/dialogue/intents.ts';

describe('commands in words and slashes', () => {
  it.each([
    ['/hint', 'hint'], ['hint please', 'hint'], ["I'm stuck", 'hint'], ["I don't know", 'hint'], ['idk', 'hint'],
    ['/progress', 'progress'], ['How am I doing?', 'progress'], ['too easy', 'harder'], ['make it easier please', 'easier'],
    ['explain it another way', 'explain'], ["I don't get it", 'explain'], ['skip', 'skip'], ['next question', 'skip'],
    ['/review', 'review'], ['why?', 'why'], ['why this question', 'why'], ['me', 'me'], ['what do you know about me?', 'me'],
    ['export my data', 'export'], ['forget me', 'forget'], ['/forget', 'forget'], ['delete my data', 'forget'],
    ['topics', 'topics'], ['what can I learn?', 'topics'], ['help', 'help'], ['/help', 'help'],
  ])('reads %j as %s', (text, name) => {
    expect(parseCommand(text)?.name).toBe(name);
  });

  it('reads arguments, keeping the case of names', () => {
    expect(parseCommand('start fractions')).toEqual({ name: 'start', topic: 'fractions' });
    expect(parseCommand("let's learn SQL basics")).toEqual({ name: 'start', topic: 'sql basics' });
    expect(parseCommand('/style visual')).toEqual({ name: 'style', style: 'visual' });
    expect(parseCommand('I prefer diagrams')).toEqual({ name: 'style', style: 'diagrams' });
    expect(parseCommand('call me Ana María')).toEqual({ name: 'set', field: 'name', value: 'Ana María' });
    expect(parseCommand('/me level 5')).toEqual({ name: 'set', field: 'level', value: '5' });
    expect(parseCommand('/me reset adding')).toEqual({ name: 'reset', concept: 'adding' });
    expect(parseCommand('/frobnicate')).toEqual({ name: 'unknown', word: 'frobnicate' });
  });

  it('leaves answers alone, even when they contain a command word', () => {
    for (const answer of ['3/4', 'one half', 'next to the 5', 'I prefer pizza', 'use WHERE', 'SELECT name FROM employees', 'the hint was 2/5 so 5/6']) {
      expect(parseCommand(answer), answer).toBeUndefined();
    }
  });
});
