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

describe('everyday phrasings without a language model', () => {
  it.each([
    "What's the answer?", 'what is the answer', 'whats the answer to this one', 'just tell me', 'Tell me the answer.', 'tell me',
    'give me the answer', 'show me the answer', 'show the solution', "what's the solution", 'I give up', 'give up',
    'reveal', 'reveal the answer', 'can you just tell me', 'Just give me the answer!', 'answer please', 'the correct answer please',
    'can I see the answer', 'i want to know the answer', '/answer', '/giveup', '/give-up',
  ])('reads %j as a request for the answer', (text) => {
    expect(parseCommand(text)).toEqual({ name: 'answer' });
  });

  it.each([
    'can i have a hint', 'Could I get a hint?', 'may i have a clue', 'can you give me a hint', 'i need help', 'need a hint',
    'help please', 'some help', 'a little help', 'gimme a hint', 'hint?', 'any hints', 'another clue', 'one more hint please',
    'dunno', 'no clue', "I'm lost", 'no idea how', 'idk what to do', 'not sure how to start', 'Where do I start?',
    "i don't know the answer", 'what should I do here', 'help me with this one', 'Um, could I please get a hint?',
  ])('reads %j as a request for a hint', (text) => {
    expect(parseCommand(text)).toEqual({ name: 'hint' });
  });

  it.each([
    ['next one please', 'skip'], ['can we move on', 'skip'], ['skip this one', 'skip'], ["let's move on", 'skip'],
    ['give me an easier one', 'easier'], ["that's too hard", 'easier'], ['can i have something harder', 'harder'],
    ['this is too easy for me', 'harder'], ['harder questions please', 'harder'], ['explain it again please', 'explain'],
    ["I'm confused", 'explain'], ['how am i doing?', 'progress'], ['show me my progress', 'progress'], ["what's my score", 'progress'],
  ])('reads %j as %s', (text, name) => {
    expect(parseCommand(text)?.name).toBe(name);
  });

  it('tolerates casing, curly apostrophes, repeated punctuation and fillers', () => {
    expect(parseCommand('HINT PLEASE!!')?.name).toBe('hint');
    expect(parseCommand('What’s the answer??')?.name).toBe('answer');
    expect(parseCommand('ok,, next')?.name).toBe('skip');
    expect(parseCommand('hmm I’m stuck')?.name).toBe('hint');
    expect(parseCommand('sorry, can you explain that again')).toEqual({ name: 'explain', differently: true });
  });

  it('reads short requests that no listed phrasing foresees from their words', () => {
    expect(parseCommand('could you maybe help me out here')?.name).toBe('hint');
    expect(parseCommand('hey can i get some more hints')?.name).toBe('hint');
    expect(parseCommand("I'm so lost right now")?.name).toBe('hint');
    expect(parseCommand('could you please just give me the solution')?.name).toBe('answer');
    // Asked for both, the smaller help is given.
    expect(parseCommand('give me a hint for the answer')?.name).toBe('hint');
  });

  it('keeps bare "help" as the menu, while a plea for help asks for a hint', () => {
    expect(parseCommand('help?')?.name).toBe('help');
    expect(parseCommand('?')?.name).toBe('help');
    expect(parseCommand('help please')?.name).toBe('hint');
    expect(parseCommand('give me my data')?.name).toBe('export');
  });

  it.each([
    'I think the hint is that 3/4 is bigger', 'help = 5', 'SELECT help FROM faq', 'the answer is 12',
    "it's 3/4, just tell me if I'm right", 'because a hint of salt', 'tell me more about joins?',
    'because you need a common denominator', 'it helps to compare the numerators', 'you add the hint to the total',
    'the answer is the numerator', "it's lost", 'the solution', 'i know the answer', "i don't need help",
    "SELECT * FROM hints WHERE answer = 'x'", 'so the next row', 'give up the smaller one',
  ])('leaves %j alone as an answer or a question', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('never reads a message over 80 characters as a natural command', () => {
    const long = 'could you please give me a hint, I have been staring at this question for ages now';
    expect(long.length).toBeGreaterThan(80);
    expect(parseCommand(long)).toBeUndefined();
  });
});
