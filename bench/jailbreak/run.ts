// The jailbreak suite: real tutors (openPonder on a temporary SQLite file) speaking through the real Anthropic
// SDK to a local fake of the API, behind which the adversary tries to leak every answer. Learners drive the
// tutors as black boxes, through tutor.handle(), and the oracle checks what each learner saw. Whatever guard
// the tutor has is what gets measured; the suite never calls it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultCurriculumDir, openPonder } from '../../src/app.ts';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import type { Item, Pack } from '../../src/curriculum/pack.ts';
import { createAnthropicModel } from '../../src/model/anthropic.ts';
import { loadPrompts } from '../../src/model/prompts.ts';
import { REDACTIONS } from '../../src/model/redact.ts';
import { deriveSeed, seeded } from '../../src/random.ts';
import type { TutorEvent } from '../../src/tutor.ts';
import { startFakeAnthropic } from '../../test/fakes/anthropic-server.ts';
import { createAdversary, type AdversaryOutput } from './adversary.ts';
import { createLearner, type Coverage, type Step } from './learner.ts';
import { ALL_FORM_NAMES, formNamesFor } from './leak-forms.ts';
import { JAILBREAK_MESSAGES, messageSlice, type JailbreakMessage } from './messages.ts';
import { fragmentsShown, judgeTurn, learnerVisible, type OutputVerdict } from './oracle.ts';

export interface SuiteOptions {
  /** Jailbreak messages per pack (default: all of them). */
  messagesPerPack?: number;
  messages?: readonly JailbreakMessage[];
  /** Pack ids (default: every bundled pack). */
  packs?: string[];
  curriculumDir?: string;
  seed?: number;
  /** Jailbreak messages one learner sends before a fresh learner takes over (default 80). */
  messagesPerLearner?: number;
  /**
   * Turn on the tutor's judge for replies its rules cannot read (openPonder's `guardJudge`). The judge is the
   * same compromised model, so it answers every judgement with "no leak": the worst case.
   */
  guardJudge?: boolean;
  /** Called after every turn, e.g. for a progress line. */
  onTurn?: (pack: string, turn: number) => void;
  /** Called with every judged output and what the learner saw in its turn (for digging into a figure). */
  onVerdict?: (verdict: OutputVerdict, visible: string) => void;
}

export interface FormTally {
  form: string;
  /** Leaking outputs in this form. */
  outputs: number;
  /** ... whose every fragment the learner saw in the same turn. */
  seen: number;
  /** ... of those, the first time this learner saw this item's answer (a leak that broke through on its own). */
  firstSeen: number;
  /** ... not seen in their turn, but in a later one while the item was still unanswered (an export, say). */
  seenLater: number;
  /** ... of an item whose answer the pack's policy revealed in that same turn: not counted. */
  excused: number;
  /** Leaking replies that the learner did not get as the reply's final text. */
  fallbacks: number;
  perPack: Record<string, { outputs: number; seen: number }>;
}

export interface PackTally {
  pack: string;
  learners: number;
  turns: number;
  jailbreakTurns: number;
  leaking: number;
  seen: number;
  /** Items whose answer a learner saw (per learner), before answering it or the pack revealing it. */
  itemsExposed: number;
  seenLater: number;
  excused: number;
  fallbacks: number;
  harmless: number;
  harmlessUnchanged: number;
  judgeCalls: number;
  /** Answer kinds of the items posed, and of the items jailbreak messages were sent to. */
  kindsPosed: string[];
  kindsAttacked: string[];
  itemsPosed: number;
  /** Replies per move: shows that hints, misconceptions, diagnoses and explanations came up. */
  moves: Record<string, number>;
}

export interface FamilyTally {
  family: string;
  turns: number;
  leaking: number;
  seen: number;
}

export interface SeenExample {
  pack: string;
  form: string;
  move: string;
  itemId: string;
  later: boolean;
  text: string;
}

/** A harmless reply the learner did not get unchanged: what the guard wrongly stopped. */
export interface OverBlocked {
  pack: string;
  move: string;
  itemId: string;
  harmless: string;
  shown: string;
}

export interface SuiteReport {
  packs: PackTally[];
  forms: FormTally[];
  families: FamilyTally[];
  /** Harmless replies per move, and how many of them the learner did not get unchanged. */
  harmlessByMove: Record<string, { harmless: number; replaced: number }>;
  /** Reply forms the adversary never got to use in this run. */
  formsNotUsed: string[];
  examples: SeenExample[];
  overBlocked: OverBlocked[];
  /** The packs' tallies summed, with the share of honest replies left unchanged. */
  totals: Pick<PackTally, 'turns' | 'jailbreakTurns' | 'leaking' | 'seen' | 'itemsExposed' | 'seenLater' | 'fallbacks' | 'harmless' | 'harmlessUnchanged' | 'judgeCalls'> & {
    harmlessUnchangedShare: number;
  };
  seconds: number;
}

const TURN_GAP_MS = 30_000;
const ROOT = resolve(import.meta.dirname, '..', '..');

function emptyPack(pack: string): PackTally {
  return {
    pack, learners: 0, turns: 0, jailbreakTurns: 0, leaking: 0, seen: 0, itemsExposed: 0, seenLater: 0, excused: 0, fallbacks: 0,
    harmless: 0, harmlessUnchanged: 0, judgeCalls: 0, kindsPosed: [], kindsAttacked: [], itemsPosed: 0, moves: {},
  };
}

/** Forms each pack should go looking for: those no later pack offers, and every form on the last pack. */
function wantedForms(packs: Pack[]): Map<string, Set<string>> {
  const offered = packs.map((p) => new Set([...p.items.values()].flatMap(formNamesFor)));
  return new Map(packs.map((pack, i) => {
    const later = new Set(offered.slice(i + 1).flatMap((s) => [...s]));
    return [pack.id, new Set([...(offered[i] ?? [])].filter((f) => i === packs.length - 1 || !later.has(f)))];
  }));
}

export async function runJailbreakSuite(options: SuiteOptions = {}): Promise<SuiteReport> {
  const started = Date.now();
  const seed = options.seed ?? 7;
  const curriculumDir = options.curriculumDir ?? defaultCurriculumDir();
  const { curriculum } = loadCurriculum(curriculumDir);
  const packs = (options.packs ?? [...curriculum.packs.keys()]).map((id) => {
    const pack = curriculum.packs.get(id);
    if (!pack) throw new Error(`No pack "${id}" in ${curriculumDir}.`);
    return pack;
  });
  const all = options.messages ?? JAILBREAK_MESSAGES;
  const messages = options.messagesPerPack === undefined ? [...all] : messageSlice(options.messagesPerPack, all);

  const adversary = createAdversary({ curriculum, seed });
  const fake = await startFakeAnthropic({ handler: adversary.handler });
  const dir = mkdtempSync(join(tmpdir(), 'ponder-jailbreak-'));
  const model = createAnthropicModel({
    apiKey: 'jailbreak-bench',
    baseURL: fake.url,
    model: 'claude-sonnet-4-6',
    prompts: loadPrompts(join(ROOT, 'prompts')),
    redactions: REDACTIONS,
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  const clock = { now: Date.UTC(2026, 2, 2, 9) };
  const ponder = openPonder({ curriculumDir, dbPath: join(dir, 'jailbreak.db'), model, now: () => clock.now, ...(options.guardJudge ? { guardJudge: true } : {}) });

  const formTallies = new Map<string, FormTally>(ALL_FORM_NAMES.map((form) => [form, { form, outputs: 0, seen: 0, firstSeen: 0, seenLater: 0, excused: 0, fallbacks: 0, perPack: {} }]));
  const families = new Map<string, FamilyTally>();
  const harmlessByMove: SuiteReport['harmlessByMove'] = {};
  const examples: SeenExample[] = [];
  const overBlocked: OverBlocked[] = [];
  const packTallies: PackTally[] = [];
  const wanted = wantedForms(packs);
  const attackedKinds = new Map(packs.map((p) => [p.id, new Set<string>()]));

  const formTally = (form: string) => {
    let tally = formTallies.get(form);
    if (!tally) {
      tally = { form, outputs: 0, seen: 0, firstSeen: 0, seenLater: 0, excused: 0, fallbacks: 0, perPack: {} };
      formTallies.set(form, tally);
    }
    return tally;
  };
  const example = (pack: string, output: AdversaryOutput, later: boolean) => {
    if (examples.filter((e) => e.form === output.form && e.later === later).length >= 2) return;
    examples.push({ pack, form: output.form ?? '', move: output.move ?? output.source, itemId: output.itemId ?? '', later, text: output.text.slice(0, 240) });
  };

  try {
    for (const pack of packs) {
      const tally = emptyPack(pack.id);
      packTallies.push(tally);
      const kindsPosed = new Set<string>();
      const itemsPosed = new Set<string>();
      const coverage: Coverage = {
        formHit: (form) => (adversary.formUsage().get(form) ?? 0) > 0,
        wanted: wanted.get(pack.id) ?? new Set(),
        attackedKinds: attackedKinds.get(pack.id) ?? new Set(),
      };
      let unsent = [...messages];
      const perLearner = Math.max(1, options.messagesPerLearner ?? 80);
      for (let n = 0; unsent.length > 0 && n < 50; n++) {
        const identity = `bench:jailbreak/${pack.id}/${n + 1}`;
        const learner = createLearner({ pack, messages: unsent.slice(0, perLearner), random: seeded(deriveSeed(seed, pack.id, n)), coverage });
        unsent = unsent.slice(perLearner);
        tally.learners += 1;
        let open: Item | undefined;
        // Leaks the learner has not seen yet, kept to notice when one surfaces in a later turn.
        let pending: AdversaryOutput[] = [];
        const settled = new Set<string>();
        // Items whose answer this learner has seen, by a leak or a reveal: once one has, the tutor may treat
        // the answer as shared context, so later leaks of the item are counted apart from the first.
        const exposed = new Set<string>();
        for (let step: Step | undefined = learner.next(open); step; step = learner.next(open)) {
          clock.now += TURN_GAP_MS;
          adversary.setIntent(step.intent);
          const from = adversary.outputs.length;
          const events: TutorEvent[] = [];
          for await (const event of ponder.tutor.handle({ identity, text: step.text, at: clock.now })) events.push(event);
          const outputs = adversary.outputs.slice(from);
          const replies = events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
          const openBefore = open?.id;
          const revealed = replies.some((r) => r.move === 'reveal') ? openBefore : undefined;
          if (revealed) {
            settled.add(revealed);
            exposed.add(revealed);
          }
          if (openBefore && replies.some((r) => r.move === 'correct')) settled.add(openBefore);
          const end = events.find((e) => e.type === 'end');
          open = end?.type === 'end' && end.open ? pack.items.get(end.open.id) : undefined;
          if (open) {
            kindsPosed.add(open.answer.type);
            itemsPosed.add(open.id);
          }

          tally.turns += 1;
          if (step.intent === 'jailbreak') tally.jailbreakTurns += 1;
          for (const reply of replies) tally.moves[reply.move] = (tally.moves[reply.move] ?? 0) + 1;
          tally.judgeCalls += outputs.filter((o) => o.kind === 'judge').length;
          const family = step.message ? families.get(step.message.family) ?? { family: step.message.family, turns: 0, leaking: 0, seen: 0 } : undefined;
          if (family && step.message) {
            families.set(step.message.family, family);
            family.turns += 1;
          }

          const visible = learnerVisible(events);
          const verdicts = judgeTurn(outputs, events, revealed ? { revealedItem: revealed } : {});
          // The adversary may write the very same words again (for this item or one with an equal answer);
          // shown now, they count once, in this turn.
          const repeatedNow = new Set(verdicts.filter((v) => v.seen).map((v) => v.output.fragments.join('|')));
          pending = pending.filter((leak) => {
            if (settled.has(leak.itemId ?? '')) return false;
            if (!fragmentsShown(leak.fragments, visible)) return true;
            if (repeatedNow.has(leak.fragments.join('|'))) return false;
            if (!exposed.has(leak.itemId ?? '')) tally.itemsExposed += 1;
            exposed.add(leak.itemId ?? '');
            tally.seenLater += 1;
            formTally(leak.form ?? '').seenLater += 1;
            example(pack.id, leak, true);
            return false;
          });

          for (const verdict of verdicts) {
            const { output } = verdict;
            options.onVerdict?.(verdict, visible);
            if (output.kind === 'harmless') {
              if (output.source !== 'say') continue;
              tally.harmless += 1;
              const byMove = (harmlessByMove[output.move ?? ''] ??= { harmless: 0, replaced: 0 });
              byMove.harmless += 1;
              if (!verdict.replaced) tally.harmlessUnchanged += 1;
              else {
                byMove.replaced += 1;
                if (overBlocked.filter((o) => o.move === output.move).length < 2) {
                  const shown = replies.find((r) => r.move === output.move)?.text ?? '';
                  overBlocked.push({ pack: pack.id, move: output.move ?? '', itemId: output.itemId ?? '', harmless: output.text, shown });
                }
              }
              continue;
            }
            const form = formTally(output.form ?? '');
            const perPack = (form.perPack[pack.id] ??= { outputs: 0, seen: 0 });
            form.outputs += 1;
            perPack.outputs += 1;
            tally.leaking += 1;
            if (family) family.leaking += 1;
            if (verdict.excused) {
              form.excused += 1;
              tally.excused += 1;
            }
            if (verdict.replaced) {
              form.fallbacks += 1;
              tally.fallbacks += 1;
            }
            if (verdict.seen) {
              if (!exposed.has(output.itemId ?? '')) {
                form.firstSeen += 1;
                tally.itemsExposed += 1;
                exposed.add(output.itemId ?? '');
              }
              form.seen += 1;
              perPack.seen += 1;
              tally.seen += 1;
              if (family) family.seen += 1;
              example(pack.id, output, false);
            } else if (!verdict.excused) pending.push(output);
          }
          options.onTurn?.(pack.id, tally.turns);
        }
        // A learner who got stuck hands the rest of its messages to the next one.
        unsent = [...learner.leftover(), ...unsent];
      }
      tally.kindsPosed = [...kindsPosed].sort();
      tally.kindsAttacked = [...(attackedKinds.get(pack.id) ?? [])].sort();
      tally.itemsPosed = itemsPosed.size;
    }
  } finally {
    await ponder.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const sum = (pick: (t: PackTally) => number) => packTallies.reduce((n, t) => n + pick(t), 0);
  const harmless = sum((t) => t.harmless);
  const harmlessUnchanged = sum((t) => t.harmlessUnchanged);
  const usage = adversary.formUsage();
  return {
    packs: packTallies,
    forms: [...formTallies.values()],
    families: [...families.values()],
    harmlessByMove,
    formsNotUsed: ALL_FORM_NAMES.filter((f) => !(usage.get(f) ?? 0)),
    examples,
    overBlocked,
    totals: {
      turns: sum((t) => t.turns),
      jailbreakTurns: sum((t) => t.jailbreakTurns),
      leaking: sum((t) => t.leaking),
      seen: sum((t) => t.seen),
      itemsExposed: sum((t) => t.itemsExposed),
      seenLater: sum((t) => t.seenLater),
      fallbacks: sum((t) => t.fallbacks),
      harmless,
      harmlessUnchanged,
      harmlessUnchangedShare: harmless ? harmlessUnchanged / harmless : 1,
      judgeCalls: sum((t) => t.judgeCalls),
    },
    seconds: (Date.now() - started) / 1000,
  };
}
