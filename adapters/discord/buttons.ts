// The tutor's choices as Discord buttons. Each button carries whose question it is and the choice it stands for
// in its custom id, so a click is checked and read without any state here, also after a restart.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIComponentInMessageActionRow } from 'discord.js';
import type { Choice } from '../../src/index.ts';

const PREFIX = 'ponder';
// Discord's limits: 100 characters of custom id, 80 of label, 5 buttons a row and 5 rows a message.
const MAX_ID = 100;
const MAX_LABEL = 80;
const PER_ROW = 5;
const MAX_BUTTONS = 25;

type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * Choice ids too long for a custom id (rare: ids are short) are kept here and the button carries a number. This
 * one table is the only state, bounded; a button of one that a restart forgot says so when pressed.
 */
const longChoices = new Map<string, string>();
let longCount = 0;

function customId(owner: string, choice: string): string {
  const direct = `${PREFIX}:${owner}:${choice}`;
  if (direct.length <= MAX_ID && !choice.startsWith('#')) return direct;
  const ref = `#${(longCount++).toString(36)}`;
  longChoices.set(ref, choice);
  if (longChoices.size > 10_000) longChoices.delete(longChoices.keys().next().value as string);
  return `${PREFIX}:${owner}:${ref}`;
}

/** Buttons for `owner`'s choices, in rows as Discord lays them out; none when there are no choices. */
export function choiceRows(owner: string, choices: readonly Choice[] | undefined, disabled = false): Row[] {
  const buttons: APIButtonComponentWithCustomId[] = (choices ?? []).slice(0, MAX_BUTTONS).map((c) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: c.label.slice(0, MAX_LABEL),
    custom_id: customId(owner, c.id),
    ...(disabled ? { disabled: true } : {}),
  }));
  const rows: Row[] = [];
  for (let i = 0; i < buttons.length; i += PER_ROW) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + PER_ROW) });
  return rows;
}

export interface PressedChoice {
  /** The Discord user whose question it is. */
  owner: string;
  /** The choice id; undefined when the button outlived the process that made it (see longChoices). */
  choice: string | undefined;
}

/** What a pressed button stands for, or undefined when it is not one of the tutor's. */
export function readButton(id: string): PressedChoice | undefined {
  const match = /^ponder:(\d+):(.+)$/s.exec(id);
  if (!match) return undefined;
  const [, owner = '', rest = ''] = match;
  return { owner, choice: rest.startsWith('#') ? longChoices.get(rest) : rest };
}

/** A message's rows with every button disabled: the question it asked has been answered. */
export function disabledRows(rows: ReadonlyArray<{ toJSON(): unknown }>): Array<APIActionRowComponent<APIComponentInMessageActionRow>> {
  return rows.map((row) => {
    const json = row.toJSON() as APIActionRowComponent<APIComponentInMessageActionRow>;
    return { ...json, components: json.components.map((c) => ({ ...c, disabled: true })) };
  });
}
