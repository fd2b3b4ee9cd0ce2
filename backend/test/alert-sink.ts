/** A loopback HTTP server that records JSON POSTs, standing in for a Slack-style alert webhook. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AlertSink {
  url: string;
  received: Array<Record<string, unknown>>;
  /** Answer with this status (e.g. 500 to test a failing webhook). */
  status: number;
  close(): Promise<void>;
}

export async function startAlertSink(): Promise<AlertSink> {
  const sink: AlertSink = { url: '', received: [], status: 200, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      try {
        sink.received.push(JSON.parse(body) as Record<string, unknown>);
      } catch {
        sink.received.push({ raw: body });
      }
      res.writeHead(sink.status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}
