// A small HTTPS gateway in front of the emulator, for faults the emulator itself cannot make:
// a response cut off halfway through its body, a response that starts and never ends, and a
// listener that goes away (connections refused) and comes back on the same port.
//
// It terminates TLS with the emulator's own certificate (so NODE_EXTRA_CA_CERTS already trusts
// it), forwards each request to the emulator (which records and applies it as usual), and either
// relays the answer or spoils it as the next scripted fault for that method says.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export type GatewayFault =
  /**
   * Forward (the emulator applies it), then send the status line, the headers with the full
   * Content-Length and only the first half of the body, and destroy the socket: the client sees
   * the connection reset mid-response. `body` replaces the emulator's (needed when it sends none,
   * as a 204 does); `status` replaces its status.
   */
  | { kind: 'cut'; status?: number; body?: string }
  /**
   * Send the status line, the headers and the first half of the body, then nothing more, ever
   * (until the client gives up or the gateway closes). Forwarded first unless `forward: false`.
   */
  | { kind: 'hang'; status?: number; body?: string; forward?: boolean }
  /**
   * Forward and relay the answer with `Connection: close`, then stop listening: every later
   * connection is refused (ECONNREFUSED, no byte sent) until accept() is called.
   */
  | { kind: 'refuse-after' };

export interface GatewayRequest {
  method: string;
  path: string;
  /** The fault applied to it, if any. */
  fault?: GatewayFault['kind'];
}

export interface FaultGateway {
  /** https://localhost:PORT */
  origin: string;
  /** `${origin}/beta`: use as EDU_FLOW_GRAPH_URL. */
  graphUrl: string;
  port: number;
  /** Every request the gateway read, in order (refused connections never get here). */
  requests: GatewayRequest[];
  /** Faults for the next requests of that method, in order; later ones are relayed unchanged. */
  queue(method: string, ...faults: GatewayFault[]): void;
  /** Whether the gateway is listening now. */
  readonly listening: boolean;
  /** Listen again on the same port, after a 'refuse-after'. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/', import.meta.url);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);
/** A body for faults on answers that have none (a 204): long enough to cut in half. */
const FILLER = JSON.stringify({ note: 'filler so the answer has a body to cut', padding: 'x'.repeat(200) });

export async function startFaultGateway(upstreamOrigin: string): Promise<FaultGateway> {
  const cert = readFileSync(new URL('emulator-cert.pem', FIXTURES));
  const key = readFileSync(new URL('emulator-key.pem', FIXTURES));
  const upstream = new URL(upstreamOrigin);
  const queues = new Map<string, GatewayFault[]>();
  const requests: GatewayRequest[] = [];
  const sockets = new Set<Socket>();
  let listening = false;
  let closed = false;

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      headers.host = upstream.host;
      headers['content-length'] = String(body.length);
      const out = https.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, ca: cert, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const relayHeaders = (headers: IncomingHttpHeaders): Record<string, string | string[]> => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    return out;
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body
    }
    const method = req.method ?? 'GET';
    const fault = queues.get(method)?.shift();
    requests.push({ method, path: (req.url ?? '/').split('?')[0], fault: fault?.kind });

    let answer: { status: number; headers: IncomingHttpHeaders; body: Buffer } | undefined;
    if (!(fault?.kind === 'hang' && fault.forward === false)) {
      try {
        answer = await forward(req, Buffer.concat(chunks));
      } catch (e) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault gateway: the emulator did not answer: ${(e as Error).message}`);
        return;
      }
    }
    if (res.destroyed || req.socket.destroyed) return;

    if (fault === undefined || fault.kind === 'refuse-after') {
      const headers = relayHeaders(answer?.headers ?? {});
      const body = answer?.body ?? Buffer.alloc(0);
      if (fault?.kind === 'refuse-after') {
        headers.connection = 'close';
        // Stop listening at once, before the client can open its next connection.
        stopListening();
      }
      res.writeHead(answer?.status ?? 502, { ...headers, 'content-length': String(body.length) });
      res.end(body);
      return;
    }

    // 'cut' and 'hang': the full length announced, half of it sent.
    const status = fault.status ?? answer?.status ?? 200;
    const full = Buffer.from(fault.body ?? (answer && answer.body.length > 0 ? answer.body.toString('utf8') : FILLER), 'utf8');
    const headers = { ...relayHeaders(answer?.headers ?? {}), 'content-type': 'application/json; charset=utf-8', 'content-length': String(full.length) };
    res.writeHead(status, headers);
    res.write(full.subarray(0, Math.floor(full.length / 2)));
    if (fault.kind === 'cut') {
      // Let the headers and the half body reach the client first, then cut the connection.
      setTimeout(() => req.socket.destroy(), 50);
    }
    // 'hang': nothing more; close() destroys the socket.
  }

  const server = https.createServer({ cert, key }, (req, res) => void onRequest(req, res));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        listening = true;
        resolve();
      });
    });

  function stopListening(): void {
    if (!listening) return;
    listening = false;
    // Stops accepting at once; connections already open finish their current exchange.
    server.close();
  }

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const origin = `https://localhost:${port}`;

  return {
    origin,
    graphUrl: `${origin}/beta`,
    port,
    requests,
    queue(method, ...faults) {
      const key = method.toUpperCase();
      queues.set(key, [...(queues.get(key) ?? []), ...faults]);
    },
    get listening() {
      return listening;
    },
    async accept() {
      if (listening || closed) return;
      await listen(port);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const s of sockets) s.destroy();
        if (!listening) return resolve();
        listening = false;
        server.close(() => resolve());
      }),
  };
}
