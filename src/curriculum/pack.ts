// The loaded, validated form of a pack that the rest of the tutor works with.
import type { Calibration } from './calibration.ts';
import type { AnswerSpec, ConceptSpec, ItemSpec, PackSpec, Style } from './schema.ts';

export interface Item extends Omit<ItemSpec, 'explanations' | 'hints'> {
  conceptId: string;
  /** The guiding questions of the hint ladder, in order. */
  hints: string[];
  /** The answer of each guiding question that has one (same index as `hints`). */
  hintAnswers: Array<AnswerSpec | undefined>;
  /** The concept's explanations with the item's own on top (minus any style the item drops). */
  explanations: Partial<Record<Style, string>>;
}

export interface Concept extends Omit<ConceptSpec, 'items'> {
  items: Item[];
}

export interface Pack {
  id: string;
  spec: PackSpec;
  dir: string;
  concepts: Map<string, Concept>;
  items: Map<string, Item>;
  /** Concept ids in an order where every prerequisite comes first. */
  order: string[];
  /** Learner-model parameters fitted from the school's own logs (calibration.yaml), when there are any. */
  calibration?: Calibration;
}

export interface Curriculum {
  packs: Map<string, Pack>;
}

/** Finds a pack by id or by a learner's loose naming ("Fractions", "sql basics"). */
export function findPack(curriculum: Curriculum, name: string): Pack | undefined {
  return findPackAmong([...curriculum.packs.values()], name);
}

/** findPack among some packs only (those a channel offers): an exact id first, then loose namings. */
export function findPackAmong(packs: readonly Pack[], name: string): Pack | undefined {
  const wanted = name.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const direct = packs.find((pack) => pack.id === wanted);
  if (direct) return direct;
  for (const pack of packs) {
    const title = pack.spec.title.toLowerCase();
    if (title === name.trim().toLowerCase() || pack.id.startsWith(wanted) || title.startsWith(name.trim().toLowerCase())) {
      return pack;
    }
  }
  return undefined;
}
