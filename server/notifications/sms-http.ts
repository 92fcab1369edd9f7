// What the SMS SDK's HTTP layer (httpx, under @alicloud's runtime) needs from us. The SDK takes no
// agent and no hooks, so these act on its requests through Node's HTTP diagnostics channels, and
// only on requests to the SMS hosts a sender was made for.
import { subscribe } from 'node:diagnostics_channel';
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';

/** How long a connection to the provider may stay idle in the pool: well under any provider's own limit. */
export const SMS_IDLE_MS = 2000;

const smsHosts = new Set<string>();
let watching = false;

/** Applies both fixes below to requests to host, from now on. */
export function watchSmsHost(host: string): void {
  smsHosts.add(host);
  if (watching) return;
  watching = true;
  subscribe('http.client.request.start', (message) => limitIdleConnections((message as { request: ClientRequest }).request));
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    releaseAnswerTimer(request, response);
  });
}

/**
 * httpx pools connections in its own agent with no idle limit, and Node's agent then ignores the
 * provider's Keep-Alive hint. A message sent on a connection the provider closes in that instant is
 * lost as uncertain. An idle limit on that agent closes the connection before the provider does.
 */
function limitIdleConnections(request: ClientRequest): void {
  const agent = (request as { agent?: Agent }).agent as (Agent & { options: { timeout?: number } }) | undefined;
  if (!agent || !smsHosts.has(`${request.host}`)) return;
  if (!agent.options.timeout || agent.options.timeout > SMS_IDLE_MS) agent.options.timeout = SMS_IDLE_MS;
}

/**
 * httpx starts a timer for each answer (the read timeout) and clears it only when its own reader
 * reads the body; the SDK reads the body itself, so the timer ran its full length and kept the
 * request, its answer and their buffers reachable meanwhile: at the morning send's 500 SMS a second
 * and a 10 s timeout, ~5,000 requests (test/bench/RESULTS.md). Cleared here once the answer has
 * been read; a connection that stalls is still caught by the socket's own timeout.
 */
function releaseAnswerTimer(request: ClientRequest, response: IncomingMessage): void {
  if (!smsHosts.has(`${request.host}`)) return;
  const socket = request.socket as (object & Record<symbol, unknown>) | null;
  const key = socket ? Object.getOwnPropertySymbols(socket).find((s) => s.description === 'TIMER::READ_TIMER') : undefined;
  if (!socket || !key) return;
  const timer = socket[key] as ReturnType<typeof setTimeout> | null;
  if (!timer) return;
  const release = () => {
    clearTimeout(timer);
    // The next request on this connection sets its own.
    if (socket[key] === timer) socket[key] = null;
  };
  response.once('end', release);
  response.once('close', release);
}
