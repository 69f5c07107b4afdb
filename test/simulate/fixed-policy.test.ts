// The fixed baseline, as a learner meets it: no placement check, concepts and items in authored order at their
// authored difficulty whatever the answers, explanations in the concept's first authored style.
import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/curriculum/pack.ts';
import { wrongAnswer } from '../../src/simulate/answers.ts';
import { BUNDLED, correctAnswer, moves, startSession, type Session } from '../helpers/session.ts';

let session: Session;
afterEach(async () => {
  await session?.close();
});

const wrong = (item: Item) => wrongAnswer(item, () => 0, 0);

function pack(id: string) {
  const found = session.ponder.curriculum.packs.get(id);
  if (!found) throw new Error(`no pack ${id}`);
  return found;
}

describe('fixed teaching policy', () => {
  it('starts at the first item of the first concept, with no placement check', async () => {
    session = await startSession({ curriculumDir: BUNDLED, teaching: 'fixed' });
    await session.send('hi');
    const start = await session.send('start fractions');
    expect(moves(start)).not.toContain('placement-intro');
    const fractions = pack('fractions');
    const first = fractions.concepts.get(fractions.order[0] ?? '');
    expect(start.open?.id).toBe(first?.items[0]?.id);
    expect(start.replies.at(-1)?.why).toMatch(/fixed baseline: item 1 of \d+ .* in authored order/);
  });

  it('keeps to the authored item order after a struggle, and explains in the first authored style', async () => {
    session = await startSession({ curriculumDir: BUNDLED, teaching: 'fixed' });
    await session.send('hi');
    await session.send('start fractions');
    const concept = pack('fractions').concepts.get('what-a-fraction-is');
    const ids = concept?.items.map((i) => i.id) ?? [];
    const firstStyle = Object.keys(concept?.explanations ?? {})[0];
    const posed: string[] = [session.last.open?.id ?? ''];
    const styles: string[] = [];
    // Wrong answers only: under the adaptive policy this would step down to easier items.
    for (let turn = 0; turn < 40 && posed.length < ids.length + 2; turn++) {
      const item = session.openItem();
      if (!item) break;
      const result = await session.send(wrong(item));
      for (const r of result.replies) if (r.move === 'explain') styles.push(r.style ?? 'none');
      expect(result.replies.some((r) => r.move === 'pose' && /step/.test(r.why))).toBe(false);
      if (result.open && result.open.id !== posed.at(-1)) posed.push(result.open.id);
    }
    // Authored order, cycling back to the first item.
    expect(posed).toEqual([...ids, ids[0], ids[1]].slice(0, posed.length));
    expect(posed.length).toBe(ids.length + 2);
    expect(styles.length).toBeGreaterThan(1);
    expect(new Set(styles)).toEqual(new Set([firstStyle]));
  });

  it('advances by the pack mastery rule, to the next concept in teaching order', async () => {
    session = await startSession({ curriculumDir: BUNDLED, teaching: 'fixed' });
    await session.send('hi');
    await session.send('start sql-basics');
    const sql = pack('sql-basics');
    const concepts: string[] = [];
    for (let turn = 0; turn < 80 && session.last.mastered.length < 3; turn++) {
      const item = session.openItem();
      if (!item) {
        await session.send('because of how the table is laid out');
        continue;
      }
      if (concepts.at(-1) !== item.conceptId) concepts.push(item.conceptId);
      await session.send(correctAnswer(item));
    }
    expect(concepts).toEqual(sql.order.slice(0, 3));
    expect(session.last.mastered).toEqual(sql.order.slice(0, 3));
  });

  it('says that it cannot make items harder, and leaves the item as it is', async () => {
    session = await startSession({ curriculumDir: BUNDLED, teaching: 'fixed' });
    await session.send('hi');
    const before = await session.send('start fractions');
    const harder = await session.send('harder');
    expect(moves(harder)).toEqual(['input-note']);
    expect(harder.replies[0]?.text).toMatch(/fixed order at a fixed difficulty/);
    expect(harder.open?.id).toBe(before.open?.id);
  });
});

describe('explanation style in replies', () => {
  it('names the style of every explanation, under the adaptive policy too', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    await session.send('skip');
    const reply = await session.send('explain');
    const explanation = reply.replies.find((r) => r.move === 'explain');
    expect(explanation?.style).toMatch(/^(worked-example|step-by-step|analogy|visual|concise)$/);
    expect(reply.replies.filter((r) => r.move !== 'explain').every((r) => r.style === undefined)).toBe(true);
  });
});

describe('worksheet teaching (the fixed course without mastery learning)', () => {
  it('moves on after its items whatever the answers: right ones do not end a concept early, wrong ones do not hold it', async () => {
    session = await startSession({ curriculumDir: BUNDLED, teaching: { worksheet: 4 } });
    await session.send('hi');
    await session.send('start fractions');
    const order = pack('fractions').order;
    const seen: Array<{ concept: string; item: string }> = [];
    let reveals = 0;
    // Right answers on the first concept (mastery by the pack's rule would come after three), wrong ones after.
    for (let turn = 0; turn < 80 && seen.filter((s) => s.concept !== order[0] && s.concept !== order[1]).length === 0; turn++) {
      const item = session.openItem();
      if (!item) break;
      if (seen.at(-1)?.item !== item.id) seen.push({ concept: item.conceptId, item: item.id });
      const result = await session.send(item.conceptId === order[0] ? correctAnswer(item) : wrong(item));
      if (moves(result).includes('reveal')) reveals += 1;
      if (moves(result).includes('ask-why')) await session.send('because the parts are equal shares of one whole');
    }
    const items = (concept: string | undefined) => seen.filter((s) => s.concept === concept).length;
    expect(items(order[0])).toBe(4);
    expect(items(order[1])).toBe(4);
    expect(reveals).toBeGreaterThan(0);
    expect(session.last.mastered).toEqual(expect.arrayContaining([order[0], order[1]]));
  });
});
