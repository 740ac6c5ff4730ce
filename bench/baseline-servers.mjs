// Baselines for the load benchmarks: answer every POST with the same precomputed bytes.
//   node bench/baseline-servers.mjs bare|express <port> <bodyFile>
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';

const [kind, port, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

if (kind === 'bare') {
  // The machine's limit: node:http, read the request, write the bytes.
  createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  }).listen(Number(port), '127.0.0.1', () => console.log('ready'));
} else {
  // The framework's floor: Express parsing the JSON body and sending the precomputed answer.
  const app = express();
  app.use(express.json());
  app.post('/{*path}', (_req, res) => {
    res.set(headers).end(body);
  });
  app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
}
