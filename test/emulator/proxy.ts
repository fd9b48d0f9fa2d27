// A forward HTTP proxy for tests (what HTTPS_PROXY / HTTP_PROXY point at): `CONNECT host:port`
// tunnels for https targets and absolute-URI forwarding for plain http targets.
//
// It resolves names ONLY through `options.hosts`, never through DNS: map the made-up names the
// emulator's certificate covers (graph.edu-flow.test, login.edu-flow.test; `.test` never resolves)
// to the emulator's 127.0.0.1:PORT, and a client that reaches them must have gone through here.
// Any other target is refused with 502 and recorded, so a test can also show nothing bypassed it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxyTarget {
  host: string;
  port: number;
}

export interface ProxyOptions {
  /** `name` or `name:port` (e.g. 'graph.edu-flow.test:443') → where to connect. `name:port` wins. */
  hosts: Record<string, ProxyTarget>;
  /** Require `Proxy-Authorization: Basic base64(user:pass)`; 407 otherwise. */
  auth?: { user: string; pass: string };
}

export interface ProxyConnect {
  /** As requested: `host:port`. */
  target: string;
  /** A tunnel was established to the mapped target. */
  ok: boolean;
  /** 200, 407 (no or wrong credentials), 502 (unmapped, or the mapped target refused), 400 (malformed). */
  status: number;
}

export interface ProxyRequest {
  method: string;
  /** The absolute URI as requested (or the raw request target when it was not absolute). */
  url: string;
  /** Forwarded to a mapped target (whatever that target answered). */
  ok: boolean;
  /** The status the proxy answered with: the target's, or its own 400 / 407 / 502. */
  status?: number;
}

export interface TestProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Every CONNECT, in arrival order. */
  connects: ProxyConnect[];
  /** Every plain (non-CONNECT) request, in arrival order. */
  requests: ProxyRequest[];
  /** Destroys every client socket, tunnel and upstream connection, then closes the server. */
  close(): Promise<void>;
}

const REALM = 'Basic realm="edu-flow test proxy"';

/** Headers that describe one hop only (RFC 9110 §7.6.1) plus the proxy's own ones. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** `host:port` → its parts; handles `[::1]:443`. */
function splitHostPort(authority: string): { host: string; port: string } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(authority);
  return m ? { host: (m[1] ?? m[2]).toLowerCase(), port: m[3] } : undefined;
}

export async function startProxy(options: ProxyOptions): Promise<TestProxy> {
  const hosts = new Map(Object.entries(options.hosts).map(([k, v]) => [k.toLowerCase(), v]));
  const connects: ProxyConnect[] = [];
  const requests: ProxyRequest[] = [];
  const sockets = new Set<Duplex>();
  // Upstream connections for plain http: its own agent, so nothing stays pooled after close().
  const agent = new http.Agent({ keepAlive: false });

  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // resets from either side end that pair only
  };

  const lookup = (host: string, port: string): ProxyTarget | undefined => {
    const name = host.includes(':') ? `[${host}]` : host;
    return hosts.get(`${name}:${port}`) ?? hosts.get(name);
  };

  const authorized = (req: IncomingMessage): boolean => {
    if (!options.auth) return true;
    const expected = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.pass}`).toString('base64')}`;
    return req.headers['proxy-authorization'] === expected;
  };

  /** A complete HTTP/1.1 answer written on a raw (CONNECT) socket, which is then closed. */
  const rawAnswer = (socket: Duplex, status: number, reason: string, message: string, extra: string[] = []) => {
    const body = JSON.stringify({ message });
    socket.end(
      [`HTTP/1.1 ${status} ${reason}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...extra, '', body].join('\r\n'),
    );
  };

  function onConnect(req: IncomingMessage, client: Duplex, head: Buffer) {
    track(client);
    const target = req.url ?? '';
    const entry: ProxyConnect = { target, ok: false, status: 0 };
    connects.push(entry);
    const answer = (status: number, reason: string, message: string, extra?: string[]) => {
      entry.status = status;
      rawAnswer(client, status, reason, message, extra);
    };
    if (!authorized(req)) return answer(407, 'Proxy Authentication Required', 'Proxy authentication required.', [`Proxy-Authenticate: ${REALM}`]);
    const parts = splitHostPort(target);
    if (!parts) return answer(400, 'Bad Request', `CONNECT needs host:port, not '${target}'.`);
    const mapped = lookup(parts.host, parts.port);
    if (!mapped) return answer(502, 'Bad Gateway', `The test proxy does not know '${target}' (it resolves only the names it was given).`);

    const upstream = net.connect(mapped.port, mapped.host);
    track(upstream);
    upstream.once('connect', () => {
      if (client.destroyed) return upstream.destroy();
      entry.ok = true;
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      // Either side closing ends the tunnel.
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
    upstream.once('error', (e) => {
      if (!entry.ok && !client.destroyed) answer(502, 'Bad Gateway', `The test proxy could not reach ${mapped.host}:${mapped.port}: ${e.message}`);
    });
  }

  function onRequest(req: IncomingMessage, res: ServerResponse) {
    const raw = req.url ?? '';
    const entry: ProxyRequest = { method: req.method ?? 'GET', url: raw, ok: false };
    requests.push(entry);
    const answer = (status: number, message: string, headers: Record<string, string> = {}) => {
      entry.status = status;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
      res.end(JSON.stringify({ message }));
    };
    if (!authorized(req)) return answer(407, 'Proxy authentication required.', { 'proxy-authenticate': REALM });
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return answer(400, `A proxy request needs an absolute URI, not '${raw}'.`);
    }
    if (url.protocol !== 'http:') return answer(400, `Only http:// is forwarded; use CONNECT for ${url.protocol} targets.`);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const mapped = lookup(host, url.port || '80');
    if (!mapped) return answer(502, `The test proxy does not know '${url.host}' (it resolves only the names it was given).`);

    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const upstream = http.request({
      host: mapped.host,
      port: mapped.port,
      method: req.method,
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, host: url.host },
      agent,
    });
    upstream.on('response', (up) => {
      entry.ok = true;
      entry.status = up.statusCode;
      const back = Object.fromEntries(Object.entries(up.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      res.writeHead(up.statusCode ?? 502, back as http.OutgoingHttpHeaders);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) answer(502, `The test proxy could not reach ${mapped.host}:${mapped.port}: ${e.message}`);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  const server = http.createServer(onRequest);
  server.on('connect', onConnect);
  server.on('connection', (socket: Socket) => track(socket));
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
