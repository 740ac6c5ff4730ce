// A partner that accepts everything: counts requests and bytes, answers the simple success response.
//   node bench/sink-server.mjs <port>      GET /stats → {requests, bytes, sizes[]}
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const sizes = [];
let bytes = 0;
const ok = JSON.stringify({ success: true });
createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests: sizes.length, bytes, sizes }));
    return;
  }
  let size = 0;
  req.on('data', (chunk) => (size += chunk.length));
  req.on('end', () => {
    if (req.url !== '/') {
      sizes.push(size);
      bytes += size;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(ok);
  });
}).listen(port, '127.0.0.1');
