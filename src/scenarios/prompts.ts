import { CommandError } from '../engine/errors.js';
import type { World } from '../engine/world.js';

/**
 * Prompts: what a run asks the partner to do (send a booking, deactivate its connection, read back
 * what it stored), published machine-readably so a CI harness can act on them without knowing the
 * order of the tests. Served by the admin API (GET /_sim/prompts, /_sim/prompts/stream,
 * POST /_sim/prompts/<id>/done); the console shows the same text.
 */
export type PromptStatus = 'open' | 'done' | 'expired' | 'cancelled';

/** One value the partner reads back from its own store; the prompt never carries the expected value. */
export interface ReadBackItem {
  kind: 'availability' | 'price' | 'restriction';
  spaceTypeCode: string;
  ratePlanCode?: string;
  date: string;
  guestCount?: number;
}

export interface Prompt {
  id: string;
  /** The test (scenario) name, e.g. "Send a single gross priced reservation". */
  test: string;
  /** The scenario file's name without folder and extension. */
  scenario?: string;
  step: string;
  /** What to do, machine-readable (send-single-reservation, deactivate-connection, read-back, ...). */
  action?: string;
  text: string;
  connection?: string;
  pricing?: 'gross' | 'net';
  /** The call that answers the prompt by itself, when one does. */
  expect?: { operation: string; direction: 'inbound' | 'outbound' };
  readBack?: ReadBackItem[];
  createdAt: string;
  deadline: string;
  status: PromptStatus;
  closedAt?: string;
  /** What the partner posted with done (read-back values). */
  answer?: unknown;
}

export type NewPrompt = Omit<Prompt, 'id' | 'createdAt' | 'deadline' | 'status' | 'closedAt' | 'answer'>;

const KEPT = 1000;

export class PromptBoard {
  private readonly prompts: Prompt[] = [];
  private readonly answered = new Map<string, (answer: unknown) => void>();
  private readonly listeners = new Set<(prompt: Prompt) => void>();
  private next = 1;

  list(status?: PromptStatus): Prompt[] {
    return this.prompts.filter((p) => status === undefined || p.status === status).map((p) => ({ ...p }));
  }

  /**
   * Publishes a prompt open for `timeoutMs` (real time). The promise resolves with what the partner
   * posted with done, or undefined once the prompt expires or is closed otherwise.
   */
  open(fields: NewPrompt, timeoutMs: number): { prompt: Prompt; answered: Promise<unknown> } {
    // Deadlines are real time: a harness or a person answers in real time, whatever the simulated clock says.
    // eslint-disable-next-line no-restricted-properties
    const now = Date.now();
    const prompt: Prompt = { ...fields, id: `p-${this.next++}`, createdAt: new Date(now).toISOString(), deadline: new Date(now + timeoutMs).toISOString(), status: 'open' };
    this.prompts.push(prompt);
    if (this.prompts.length > KEPT) this.prompts.splice(this.prompts.findIndex((p) => p.status !== 'open'), 1);
    const answered = new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => this.close(prompt.id, 'expired'), timeoutMs);
      timer.unref?.();
      this.answered.set(prompt.id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    this.emit(prompt);
    return { prompt: { ...prompt }, answered };
  }

  /** The partner says it did what was asked (with read-back values where asked). */
  done(id: string, answer: unknown): Prompt {
    const prompt = this.prompts.find((p) => p.id === id);
    if (!prompt) throw new CommandError(404, `No prompt '${id}'. Open prompts: ${this.list('open').map((p) => p.id).join(', ') || 'none'}.`);
    if (prompt.status !== 'open') throw new CommandError(409, `Prompt '${id}' is ${prompt.status}, no longer open.`);
    prompt.answer = answer;
    this.close(id, 'done', answer);
    return { ...prompt };
  }

  /** Closes a prompt (the expected call came, the deadline passed, the run ended). */
  close(id: string, status: Exclude<PromptStatus, 'open'>, answer?: unknown): void {
    const prompt = this.prompts.find((p) => p.id === id);
    if (!prompt || prompt.status !== 'open') return;
    prompt.status = status;
    prompt.closedAt = new Date().toISOString();
    const resolve = this.answered.get(id);
    this.answered.delete(id);
    resolve?.(status === 'done' ? (answer ?? {}) : undefined);
    this.emit(prompt);
  }

  subscribe(listener: (prompt: Prompt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(prompt: Prompt): void {
    const copy = { ...prompt };
    for (const listener of this.listeners) listener(copy);
  }
}

// Kept beside the world rather than in its API state, which a reset clears mid-suite.
const boards = new WeakMap<World, PromptBoard>();

export function promptBoard(world: World): PromptBoard {
  let board = boards.get(world);
  if (!board) boards.set(world, (board = new PromptBoard()));
  return board;
}
