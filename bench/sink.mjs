// A stand-in for PostHog's ingestion in its own process (run.mjs puts it on the other CPU): answers
// every POST with 200 and counts what arrived — wire bytes (request line, headers and body as the
// socket read them), requests and events (bodies gunzipped and parsed here, off the SDK's CPU).
// GET /stats answers the counts so far; its own bytes are not counted. Prints its port on start.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

const totals = { wireBytes: 0, bodyBytes: 0, requests: 0, events: 0, encodings: {} };
/** socket → bytes of it already counted */
const counted = new WeakMap();

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const socket = req.socket;
    const bytes = socket.bytesRead - (counted.get(socket) ?? 0);
    counted.set(socket, socket.bytesRead);
    if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(totals));
      return;
    }
    const body = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'] ?? 'identity';
    totals.encodings[encoding] = (totals.encodings[encoding] ?? 0) + 1;
    totals.wireBytes += bytes;
    totals.bodyBytes += body.length;
    totals.requests++;
    const text = (encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
    const parsed = JSON.parse(text);
    totals.events += Array.isArray(parsed.batch) ? parsed.batch.length : 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => process.exit(0));
