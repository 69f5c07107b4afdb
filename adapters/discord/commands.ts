// The one slash command, `/ponder <subcommand>`, as Discord registers it, and what each subcommand says to the
// tutor: the same words a learner would type, so the core reads a command and a message alike.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandStringOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { STYLES } from '../../src/index.ts';

export const COMMAND_NAME = 'ponder';

interface Subcommand {
  description: string;
  /** What the learner would type for it. */
  words: (option: string | undefined) => string;
  /** Its reply concerns only the learner: only they see it, wherever it was asked. */
  personal?: boolean;
  option?: { name: string; description: string; autocomplete?: boolean; choices?: readonly string[] };
}

export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  start: {
    description: 'Start or continue a topic (in a server: in a private thread of your own)',
    words: (topic) => `start ${topic ?? ''}`.trim(),
    option: { name: 'topic', description: 'The topic to learn', autocomplete: true },
  },
  topics: { description: 'What there is to learn', words: () => 'topics' },
  progress: { description: 'Your mastery of each concept', words: () => 'progress', personal: true },
  hint: { description: 'A hint for the question you are on', words: () => 'hint' },
  why: { description: 'Why the tutor chose this question', words: () => 'why' },
  style: {
    description: 'How explanations are given to you',
    words: (style) => `style ${style ?? ''}`.trim(),
    option: { name: 'style', description: 'The explanation style', choices: STYLES },
  },
  harder: { description: 'Harder questions', words: () => 'harder' },
  easier: { description: 'Easier questions', words: () => 'easier' },
  review: { description: 'Review what is due', words: () => 'review' },
  me: { description: 'What the tutor keeps about you', words: () => 'me', personal: true },
  export: { description: 'Everything stored about you, as a file in your direct messages', words: () => 'export my data', personal: true },
  'forget-me': { description: 'Delete everything stored about you (asks first)', words: () => 'forget me', personal: true },
  help: { description: 'What you can say to the tutor', words: () => 'help' },
};

/** A subcommand's one option: a topic suggested as the learner types, or one of a few fixed choices. */
function stringOption(option: NonNullable<Subcommand['option']>): APIApplicationCommandStringOption {
  const base = { type: ApplicationCommandOptionType.String, name: option.name, description: option.description, required: true } as const;
  if (option.autocomplete) return { ...base, autocomplete: true };
  return { ...base, ...(option.choices ? { choices: option.choices.map((c) => ({ name: c, value: c })) } : {}) };
}

/** `/ponder` with every subcommand, usable in servers and in direct messages with the bot. */
export function ponderCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: COMMAND_NAME,
    description: 'Learn with Ponder, a tutor that asks rather than tells',
    type: ApplicationCommandType.ChatInput,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: Object.entries(SUBCOMMANDS).map(([name, sub]) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name,
      description: sub.description,
      options: sub.option ? [stringOption(sub.option)] : [],
    })),
  };
}

/** The topics matching what the learner has typed so far, as Discord lists them (at most 25). */
export function topicSuggestions(topics: ReadonlyArray<{ id: string; title: string }>, typed: string): Array<{ name: string; value: string }> {
  const q = typed.trim().toLowerCase();
  return topics
    .filter((t) => !q || t.id.toLowerCase().includes(q) || t.title.toLowerCase().includes(q))
    .slice(0, 25)
    .map((t) => ({ name: t.title.slice(0, 100), value: t.id.slice(0, 100) }));
}
