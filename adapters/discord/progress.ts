// Progress as embeds: one a pack, a bar a concept, with the tutor's own verdict of mastered (not a threshold here).
import type { APIEmbed } from 'discord.js';
import type { PackProgress } from '../../src/index.ts';

const BLURPLE = 0x5865f2;
const GREEN = 0x57f287;
// Discord's limits: 10 embeds a message, 4,096 characters of description.
const MAX_EMBEDS = 10;
const MAX_DESCRIPTION = 4096;

const bar = (mastery: number) => {
  const filled = Math.round(Math.max(0, Math.min(1, mastery)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
};

export function progressEmbeds(packs: readonly PackProgress[]): APIEmbed[] {
  if (packs.length === 0) {
    return [{ title: 'Your progress', description: 'Nothing started yet. Try `/ponder start` or `/ponder topics`.', color: BLURPLE }];
  }
  return packs.slice(0, MAX_EMBEDS).map((pack) => {
    const mastered = pack.concepts.filter((c) => c.mastered).length;
    const lines = pack.concepts.map((c) => `${c.mastered ? '✅' : c.unlocked ? '▫️' : '🔒'} **${c.title}**\n${bar(c.mastery)} ${Math.round(c.mastery * 100)}%`);
    return {
      title: pack.title,
      description: lines.join('\n').slice(0, MAX_DESCRIPTION),
      footer: { text: `${mastered} of ${pack.concepts.length} mastered` },
      color: mastered === pack.concepts.length && mastered > 0 ? GREEN : BLURPLE,
    };
  });
}
