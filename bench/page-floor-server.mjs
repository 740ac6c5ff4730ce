// The framework's floor for paging: Express parsing the JSON body and answering a precomputed page.
//   node bench/page-floor-server.mjs <port> <pages.json>
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, file] = process.argv.slice(2);
const pages = JSON.parse(readFileSync(file, 'utf8')).map((p) => Buffer.from(p));
let i = 0;
const app = express();
app.use(express.json());
app.post('/{*path}', (_req, res) => {
  const body = pages[i++ % pages.length];
  res.set({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) }).end(body);
});
app.listen(Number(port), '127.0.0.1');
