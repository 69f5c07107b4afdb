import { describe, expect, it } from 'vitest';
import { LogError, parseColumns, parseLog } from '../../src/evaluate/logs.ts';

describe('reading response logs', () => {
  it('reads the default tab-separated columns and keeps each learner in time order', () => {
    const log = 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\na\tq2\t20\t1\ts1\nb\tq1\t5\t0\ts1\na\tq1\t10\t0\ts1\n';
    const rows = parseLog(log, 'log.tsv');
    expect(rows.map((r) => `${r.user}:${r.item}:${r.correct}`)).toEqual(['a:q1:false', 'a:q2:true', 'b:q1:false']);
    expect(rows[0]?.skill).toBe('s1');
  });

  it('reads a comma-separated export through a column mapping', () => {
    const log = 'student,problem,first_correct,kc\n"s1",p1,true,fractions\ns1,p2,no,fractions\n';
    const rows = parseLog(log, 'export.csv', parseColumns('user=student,item=problem,correct=first_correct,skill=kc'));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.user, r.item, r.correct, r.skill])).toEqual([
      ['s1', 'p1', true, 'fractions'],
      ['s1', 'p2', false, 'fractions'],
    ]);
  });

  it('names the file, line and fix for a value it cannot read', () => {
    const log = 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\na\tq1\t1\t1\ts\na\tq2\t2\tmaybe\ts\n';
    expect(() => parseLog(log, 'log.tsv')).toThrow(LogError);
    expect(() => parseLog(log, 'log.tsv')).toThrow(/log\.tsv:3: correct is "maybe"; write 1 for a correct answer and 0/);
  });

  it('orders by dates as well as numbers', () => {
    const log = 'user_id,item_id,timestamp,correct\na,late,2024-03-02 09:00:00,1\na,early,2024-03-01 17:30:00,0\n';
    expect(parseLog(log, 'dated.csv').map((r) => r.item)).toEqual(['early', 'late']);
  });

  it('refuses an empty log rather than scoring nothing', () => {
    expect(() => parseLog('user_id\titem_id\tcorrect\n\n', 'empty.tsv')).toThrow(/empty\.tsv: no responses after the header/);
    expect(() => parseLog('', 'blank.tsv')).toThrow(/blank\.tsv: no column "user_id"/);
  });

  it('says how to map a missing column', () => {
    expect(() => parseLog('student\titem_id\tcorrect\nx\ty\t1\n', 'log.tsv')).toThrow(/no column "user_id".*--columns user=<column>/);
    expect(() => parseColumns('learner=student')).toThrow(/the fields are user, item, skill, correct, timestamp/);
  });
});
