// The App Home tab: the learner's packs with mastery per concept (the tutor's own verdict, not a threshold of
// the channel's), what is due for review, how they like things explained (with buttons to change it), and
// "forget me" behind Slack's own confirmation dialog.
import type { types } from '@slack/bolt';
import { STYLES, type PackProgress, type Style, type StylePreferences } from '../../src/index.ts';

const bar = (mastery: number) => {
  const filled = Math.round(Math.max(0, Math.min(1, mastery)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
};

const STYLE_NAMES: Record<Style, string> = {
  'worked-example': 'Worked examples',
  'step-by-step': 'Step by step',
  analogy: 'Analogies',
  visual: 'Pictures',
  concise: 'Short and direct',
};

/** A Home button's action id for choosing a style; the adapter reads the style back from it. */
export const STYLE_ACTION = 'ponder-style';

function styleSection(styles: StylePreferences): types.KnownBlock[] {
  const measured = styles.measured.filter((m) => m.tried > 0).map((m) => `${STYLE_NAMES[m.style]}: helped ${m.worked} of ${m.tried} times`);
  const stated = styles.stated ? `You asked for *${STYLE_NAMES[styles.stated].toLowerCase()}*.` : 'You have not chosen a style: I try each and keep to what helps you.';
  return [
    { type: 'header', text: { type: 'plain_text', text: 'How I explain things to you' } },
    { type: 'section', text: { type: 'mrkdwn', text: [stated, ...measured].join('\n') } },
    {
      type: 'actions',
      block_id: 'ponder-styles',
      elements: STYLES.map((style) => ({
        type: 'button' as const,
        action_id: `${STYLE_ACTION}-${style}`,
        value: style,
        text: { type: 'plain_text' as const, text: STYLE_NAMES[style] },
        ...(styles.stated === style ? { style: 'primary' as const } : {}),
      })),
    },
  ];
}

export function homeView(packs: readonly PackProgress[], styles: StylePreferences = { measured: [] }): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your progress' } }];
  if (packs.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'Nothing started yet. Send me a message (try *topics*) to begin.' } });
  }
  for (const pack of packs) {
    const lines = pack.concepts.map((c) => `${c.mastered ? '✅' : c.unlocked ? '▫️' : '🔒'} ${c.title}  ${bar(c.mastery)} ${Math.round(c.mastery * 100)}%${c.reviewDue ? '  _review due_' : ''}`);
    const mastered = pack.concepts.filter((c) => c.mastered).length;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${pack.title}*: ${mastered} of ${pack.concepts.length} mastered\n${lines.join('\n')}`.slice(0, 3000) } });
  }
  const due = packs.flatMap((p) => p.concepts.filter((c) => c.reviewDue).map((c) => c.title));
  if (due.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Due for review:* ${due.join(', ')}`.slice(0, 3000) },
      accessory: { type: 'button', action_id: 'ponder-review', text: { type: 'plain_text', text: 'Review now' } },
    });
  }
  if (packs.length > 0) blocks.push(...styleSection(styles));
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
