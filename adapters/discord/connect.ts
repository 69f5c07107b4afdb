// Logging in: the client is ready, or start-up fails with what to fix (a refused token, a refused intent) rather
// than waiting for ever, as discord.js would on a connection Discord closed for good.
import { Events, type Client } from 'discord.js';
import { ConfigError } from '../../src/index.ts';

/** Logs in and waits until the client is ready, or fails with what to fix: a refused token, a refused intent. */
export async function connect(client: Client, token: string, timeoutMs: number): Promise<void> {
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  const onDisconnect = (event: { code: number }) => fail(refusal(event.code));
  client.on(Events.ShardDisconnect, onDisconnect);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const timer = setTimeout(() => fail(new Error(`Discord did not accept the bot within ${Math.round(timeoutMs / 1000)} s. Fix: check the network, or DISCORD_API_URL if it is set`)), timeoutMs);
  // A login that loses the race (its connection closed for good) may settle later: that is not an error any more.
  const loggedIn = client.login(token).then(() => ready);
  loggedIn.catch(() => undefined);
  try {
    await Promise.race([loggedIn, failed]);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    if ((error as { code?: unknown }).code === 'TokenInvalid') throw new ConfigError('DISCORD_TOKEN: Discord refused it. Fix: copy the token again from the Developer Portal (your application → Bot → Reset Token)');
    throw error;
  } finally {
    clearTimeout(timer);
    client.off(Events.ShardDisconnect, onDisconnect);
  }
}

function refusal(code: number): Error {
  if (code === 4014) return new ConfigError('DISCORD_MESSAGE_CONTENT: Discord refused the Message Content intent. Fix: turn on "Message Content Intent" under your application → Bot → Privileged Gateway Intents, or unset DISCORD_MESSAGE_CONTENT');
  if (code === 4004) return new ConfigError('DISCORD_TOKEN: Discord refused it. Fix: copy the token again from the Developer Portal (your application → Bot → Reset Token)');
  return new Error(`Discord closed the connection for good (code ${code}).`);
}
