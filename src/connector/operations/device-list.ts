import { stableId } from '../../world/ids.js';
import type { Ctx } from '../builder.js';

/** The enterprise's devices: one of each type the commands operations address, and a fiscal machine. */
export const DEVICE_TYPES = ['Printer', 'PaymentTerminal', 'KeyCutter', 'FiscalMachine'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
const NAMES: Record<DeviceType, string> = { Printer: 'Reception printer', PaymentTerminal: 'Reception payment terminal', KeyCutter: 'Reception key cutter', FiscalMachine: 'Reception fiscal machine' };

export function devicesOf(ctx: Ctx) {
  return DEVICE_TYPES.map((Type) => ({ Id: stableId(ctx.world.state.fixture.seed, ctx.property.id, 'device', Type), Type, Name: NAMES[Type], Identifier: null }));
}
