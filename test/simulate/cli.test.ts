import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { MINI } from '../helpers/session.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, [], (s) => void (out += s), (s) => void (err += s));
  return { code, out, err };
}

describe('ponder model simulate', () => {
  it('teaches a small seeded class with every policy and prints the figures', async () => {
    const result = await run(['model', 'simulate', '--pack', 'mini', '--learners', '3', '--seed', '2', '--curriculum', MINI, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { learners: number; packs: Array<Record<string, unknown> & { pack: string; worksheet: { length: number } }> };
    expect(report.learners).toBe(3);
    const [mini] = report.packs;
    expect(mini?.pack).toBe('mini');
    expect(Object.keys(mini ?? {})).toEqual(expect.arrayContaining(['adaptive', 'fixed', `worksheet-${mini?.worksheet.length}`]));
    expect(result.err).toMatch(/mini: adaptive done/);
  });

  it('says what is wrong with a bad count', async () => {
    const result = await run(['model', 'simulate', '--learners', 'many', '--curriculum', MINI]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--learners must be a whole number above 0, not "many"/);
  });
});
