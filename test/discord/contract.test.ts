// The Discord adapter keeps the channel contract every adapter keeps (test/channel/contract.ts), driven as Discord
// would drive it: direct messages and button clicks through the gateway, to the real discord.js client.
import { describeChannelContract } from '../channel/contract.ts';
import type { BotMessage, FakeUser } from '../fakes/discord.ts';
import { after, openDiscord, shown } from './harness.ts';

describeChannelContract('Discord', async () => {
  const d = await openDiscord();
  const users = new Map<string, FakeUser>();
  const userOf = (learner: string) => {
    const known = users.get(learner) ?? d.fake.user(learner);
    users.set(learner, known);
    return known;
  };
  // The contract names events; Discord names messages with snowflakes.
  const messageIds = new Map<string, string>();
  const answeredWith = new Map<string, BotMessage[]>();
  return {
    async say(learner, input, eventId) {
      const user = userOf(learner);
      const dm = d.fake.dmChannelOf(user);
      if ('text' in input) {
        const first = eventId ? answeredWith.get(eventId) : undefined;
        if (first && eventId) {
          // The same message delivered again: whatever the bot posts for it shows beside the first answer.
          const before = d.fake.in(dm).length;
          d.fake.dm(user, input.text, messageIds.get(eventId));
          await d.fake.settle(() => true, { quietMs: 250 });
          return shown([...first, ...d.fake.in(dm).slice(before)]);
        }
        const messages = await after(d.fake, dm, () => {
          const id = d.fake.dm(user, input.text);
          if (eventId) messageIds.set(eventId, id);
        });
        if (eventId) answeredWith.set(eventId, messages);
        return shown(messages);
      }
      const message = [...d.fake.in(dm)].reverse().find((m) => m.buttons.some((b) => b.customId === input.choice && !b.disabled));
      if (!message) throw new Error(`no button "${input.choice}" shown to ${learner}`);
      return shown(await after(d.fake, dm, () => d.fake.click(user, message, input.choice)));
    },
    async storedTurns(learner) {
      return (await d.rows(userOf(learner)))['turns'] ?? 0;
    },
    rowsAbout: (learner) => d.rowsAbout(userOf(learner)),
    close: () => d.close(),
  };
});
