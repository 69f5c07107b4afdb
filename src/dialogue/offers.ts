// A channel may offer only some packs (a site's fractions page offers `fractions`). The conversation keeps to
// them: its place in a pack offered elsewhere is set aside, never dropped, and taken up again where that pack
// is offered. Progress (mastery, level) is the learner's whatever the channel, so nothing here touches it.
import { isOffered, type Draft } from './draft.ts';
import type { Conversation, PackPlace } from './state.ts';

/** At the start of a turn: sets aside a place this channel does not offer, or takes up a parked one it does. */
export function keepToOffers(d: Draft): void {
  const conv = d.state.conversation;
  if (conv.packId && !isOffered(d.ctx, conv.packId)) park(conv, conv.packId);
  if (conv.packId) return;
  const waiting = (conv.parked ?? []).findLast((place) => isOffered(d.ctx, place.packId));
  if (waiting) takeUp(conv, waiting.packId);
}

/** Puts back where the learner was in `packId`, if a channel set it aside; false if there is nothing to take up. */
export function takeUp(conv: Conversation, packId: string): boolean {
  const place = conv.parked?.find((p) => p.packId === packId);
  if (!place) return false;
  conv.parked = conv.parked?.filter((p) => p !== place);
  if (conv.parked?.length === 0) delete conv.parked;
  conv.packId = place.packId;
  conv.open = place.open;
  conv.placement = place.placement;
  conv.askedWhy = place.askedWhy;
  return true;
}

function park(conv: Conversation, packId: string): void {
  const place: PackPlace = {
    packId,
    ...(conv.open ? { open: conv.open } : {}),
    ...(conv.placement ? { placement: conv.placement } : {}),
    ...(conv.askedWhy ? { askedWhy: conv.askedWhy } : {}),
  };
  conv.parked = [...(conv.parked ?? []).filter((p) => p.packId !== packId), place];
  conv.packId = undefined;
  conv.open = undefined;
  conv.placement = undefined;
  conv.askedWhy = undefined;
}
