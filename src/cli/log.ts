import { pino, type Logger } from 'pino';

export type LogFormat = 'pretty' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

/** One pino JSON line as `12:00:00 INFO listening port=8080`. */
export function prettyLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '';
  const fields = Object.entries(record)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${[time, LEVELS[record.level as number] ?? String(record.level), record.msg, ...fields].filter(Boolean).join(' ')}\n`;
}

/**
 * The CLI's logger, on stderr (stdout carries the banner and the bound URL): readable lines in a
 * terminal, pino's JSON lines otherwise (for log collectors), or as asked with --log-format.
 */
export function createLogger(format: LogFormat = process.stderr.isTTY ? 'pretty' : 'json'): Logger {
  const options = { name: 'mews-sim', level: process.env.LOG_LEVEL ?? 'info' };
  if (format === 'json') return pino(options, pino.destination(2));
  return pino(options, { write: (line: string) => void process.stderr.write(prettyLine(line)) });
}
