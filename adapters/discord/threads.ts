// A learner's session in a server lives in a thread of their own: private where the channel allows it, so the
// channel is not flooded and classmates do not see each other's answers. Whose a thread is is the core's to keep
// (Turn.thread, Tutor.threadOwner), so it holds after a restart and goes with "forget me".
import { ChannelType, ThreadAutoArchiveDuration, type Channel, type Message, type NewsChannel, type TextChannel, type ThreadChannel, type User } from 'discord.js';

/** A Discord thread as the core names a place. */
export const placeOf = (threadId: string): string => `discord:${threadId}`;

type ThreadParent = TextChannel | NewsChannel;

/** The channel a session thread can be opened in, from where someone asked: the channel, or a thread's parent. */
export function threadParent(channel: Channel | null): ThreadParent | undefined {
  const base = channel?.isThread() ? channel.parent : channel;
  return base?.type === ChannelType.GuildText || base?.type === ChannelType.GuildAnnouncement ? base : undefined;
}

export interface SessionThreads {
  /**
   * The learner's thread in this channel: the one opened before in this process if it is still open, else a new
   * one with the learner added. Undefined where Discord lets the bot open none (missing permissions).
   */
  open(parent: ThreadParent, user: User, from?: Message): Promise<{ thread: ThreadChannel; opened: boolean } | undefined>;
}

/**
 * `remembered`: the ids of the threads the core says the learner opened, newest first, so that after a restart
 * their next mention takes up the thread they had rather than opening another.
 */
export function sessionThreads(onError: (error: unknown) => void, remembered: (user: User) => Promise<string[]> = async () => []): SessionThreads {
  // The threads of this process, found without a request; the core's record finds the others.
  const recent = new Map<string, ThreadChannel>();

  /** The learner's newest open thread in this channel that the core remembers, if Discord still has it. */
  async function rememberedIn(parent: ThreadParent, user: User): Promise<ThreadChannel | undefined> {
    for (const id of (await remembered(user).catch(() => [])).slice(0, 5)) {
      const channel = await parent.client.channels.fetch(id).catch(() => null);
      if (channel?.isThread() && channel.parentId === parent.id && !channel.archived) return channel;
    }
    return undefined;
  }

  async function create(parent: ThreadParent, user: User, from?: Message): Promise<ThreadChannel | undefined> {
    const name = `${user.displayName} · Ponder`.slice(0, 100);
    const autoArchiveDuration = ThreadAutoArchiveDuration.OneWeek;
    if (parent.type === ChannelType.GuildText) {
      try {
        return await parent.threads.create({ name, type: ChannelType.PrivateThread, invitable: false, autoArchiveDuration, reason: `A tutoring session for ${user.username}` });
      } catch (error) {
        // No "Create Private Threads" permission here: a public thread still keeps the channel tidy.
        onError(error);
      }
    }
    try {
      return from ? await from.startThread({ name, autoArchiveDuration }) : await parent.threads.create({ name, autoArchiveDuration });
    } catch (error) {
      onError(error);
      return undefined;
    }
  }

  return {
    async open(parent, user, from) {
      const key = `${parent.id}/${user.id}`;
      const known = recent.get(key);
      if (known && !known.archived && known.client.channels.cache.has(known.id)) return { thread: known, opened: false };
      const again = await rememberedIn(parent, user);
      if (again) {
        recent.set(key, again);
        return { thread: again, opened: false };
      }
      const thread = await create(parent, user, from);
      if (!thread) return undefined;
      // A private thread is seen only by its members (and moderators): the learner is added at once.
      await thread.members.add(user.id).catch(onError);
      recent.set(key, thread);
      if (recent.size > 10_000) recent.delete(recent.keys().next().value as string);
      return { thread, opened: true };
    },
  };
}
