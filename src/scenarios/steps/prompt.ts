import { connectionOf } from '../../channel-manager/commands.js';
import type { World } from '../../engine/world.js';
import { durationMs, type Step } from '../schema.js';
import { promptBoard, type NewPrompt } from '../prompts.js';
import { StepFailure, type StepContext } from './context.js';

/** What every prompt of a step says about where it comes from. */
export type PromptContext = Pick<NewPrompt, 'test' | 'scenario' | 'step'>;

type PromptStep = Extract<Step, { type: 'prompt' }>;

/** Asks the partner to act (e.g. deactivate its connection) and waits for its "done". */
export async function askPartner(world: World, step: PromptStep, ctx: StepContext, prompt: PromptContext): Promise<string[]> {
  const connection = step.connection ? connectionOf(world, step.connection) : undefined;
  const within = Math.round(durationMs(step.within, ctx.defaultTimeoutMs) * ctx.timeoutFactor);
  const { prompt: published, answered } = promptBoard(world).open(
    {
      ...prompt,
      action: step.action,
      text: step.instructions,
      ...(connection && { connection: connection.token, pricing: world.state.propertyOf(connection).pricingMode === 1 ? 'net' : 'gross' }),
    },
    within,
  );
  if ((await answered) !== undefined) return [];
  const how = `POST /_sim/prompts/${published.id}/done`;
  if (step.optional) {
    ctx.notes.push(`nobody confirmed within ${within} ms: ${step.instructions}`);
    return [];
  }
  throw new StepFailure(`Nobody confirmed within ${within} ms that this was done: ${step.instructions} (prompt ${published.id}; a harness answers with ${how}, a person with Enter in --interactive mode).`);
}

/** Opens a prompt for an expectCall step with instructions; it closes when the step ends. */
export function promptForCall(world: World, step: Extract<Step, { type: 'expectCall' }>, ctx: StepContext, prompt: PromptContext): (passed: boolean) => void {
  const token = step.connection ?? (typeof (step.body as { connectionToken?: unknown } | undefined)?.connectionToken === 'string' ? (step.body as { connectionToken: string }).connectionToken : undefined);
  const connection = token ? world.state.connections.get(token) : undefined;
  const within = Math.round(durationMs(step.within, ctx.defaultTimeoutMs) * ctx.timeoutFactor);
  const board = promptBoard(world);
  const { prompt: published } = board.open(
    {
      ...prompt,
      ...(step.action && { action: step.action }),
      text: step.instructions!,
      ...(connection && { connection: connection.token, pricing: world.state.propertyOf(connection).pricingMode === 1 ? 'net' : 'gross' }),
      expect: { operation: step.operation, direction: step.direction },
    },
    within,
  );
  return (passed) => board.close(published.id, passed ? 'done' : 'expired');
}
