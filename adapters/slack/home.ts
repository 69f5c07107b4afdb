// The App Home tab: the learner's packs with mastery per concept (the tutor's own verdict, not a threshold of
// the channel's), and "forget me" behind Slack's own confirmation dialog.
import type { types } from '@slack/bolt';
import type { PackProgress } from '../../src/index.ts';

const bar = (mastery: number) => {
  const filled = Math.round(Math.max(0, Math.min(1, mastery)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
};

export function homeView(packs: readonly PackProgress[]): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your progress' } }];
  if (packs.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'Nothing started yet. Send me a message (try *topics*) to begin.' } });
  }
  for (const pack of packs) {
    const lines = pack.concepts.map((c) => `${c.mastered ? '✅' : c.unlocked ? '▫️' : '🔒'} ${c.title}  ${bar(c.mastery)} ${Math.round(c.mastery * 100)}%`);
    const mastered = pack.concepts.filter((c) => c.mastered).length;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${pack.title}*: ${mastered} of ${pack.concepts.length} mastered\n${lines.join('\n')}`.slice(0, 3000) } });
  }
  blocks.push(
    { type: 'divider' },
    {
      type: 'actions',
      block_id: 'ponder-home',
      elements: [
        {
          type: 'button',
          action_id: 'ponder-forget',
          style: 'danger',
          text: { type: 'plain_text', text: 'Forget me' },
          confirm: {
            title: { type: 'plain_text', text: 'Delete everything?' },
            text: { type: 'mrkdwn', text: 'Your answers, progress and preferences are deleted, everywhere you learn with Ponder. This cannot be undone.' },
            confirm: { type: 'plain_text', text: 'Delete' },
            deny: { type: 'plain_text', text: 'Keep' },
            style: 'danger',
          },
        },
      ],
    },
  );
  return { type: 'home', blocks };
}
