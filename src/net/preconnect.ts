import { Agent, type AgentOptions } from 'node:https';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Env } from '../context.js';
import { proxyForUrl } from './proxy-for-url.js';

/**
 * The TLS connection to Graph, opened before the HTTP stack and the sign-in code are loaded: the
 * handshake runs while they load and while the token is read, and the first request finds it
 * ready. Only for a direct https connection (never through a proxy); when it fails or closes
 * first, the request simply opens its own, so nothing depends on it.
 */
export interface Preconnection {
  origin: string;
  socket: TLSSocket;
}

export function preconnect(url: string, env: Env): Preconnection | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'https:' || proxyForUrl(target, env)) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // SNI takes a host name only.
  const socket = connect({ host, port: Number(target.port || 443), servername: isIP(host) ? undefined : host });
  // An early failure is not this run's error: the request that would have used it reconnects
  // and reports whatever it meets.
  socket.on('error', () => socket.destroy());
  // Nothing waits on it: an unused connection never keeps the process alive.
  socket.unref();
  return { origin: target.origin, socket };
}

/**
 * An https agent (keep-alive, as Node's global one) whose first connection to the preconnected
 * origin is that socket, if it is still good; every other connection is its own.
 */
export function preconnectedAgent(preconnection: Preconnection, options: AgentOptions = {}): Agent {
  let spare: TLSSocket | undefined = preconnection.socket;
  const agent = new Agent({ keepAlive: true, ...options });
  const original = agent.createConnection.bind(agent);
  agent.createConnection = ((connectOptions: Record<string, unknown>, callback?: (error: Error | null, socket: Duplex) => void) => {
    const socket = spare;
    spare = undefined;
    if (socket && !socket.destroyed && socket.readyState !== 'closed') {
      socket.ref();
      return socket;
    }
    return original(connectOptions, callback);
  }) as typeof agent.createConnection;
  return agent;
}
