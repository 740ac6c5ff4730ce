#!/usr/bin/env node
// The smallest possible channel manager side: prints every call mews-sim makes to it and answers
// with the simple success response. Start it, then start mews-sim with --partner-url pointing here.
//
//   node examples/tiny-partner.mjs 9000
//   npm start -- --partner-url http://localhost:9000
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 9000);
createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    console.log(`${new Date().toISOString()} POST ${req.url}\n${body}\n`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ success: true }));
  });
}).listen(port, () => console.log(`tiny partner listening on http://localhost:${port}`));
