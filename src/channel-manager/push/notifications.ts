import type { World } from '../../engine/world.js';
import type { Connection } from '../../world/state.js';
import { sendToPartner } from '../partner.js';

/**
 * changeNotificaton (the documented spelling): tells the partner the connection's configuration
 * changed. Optional for channel managers, so it can be switched off per world.
 */
export function notifyChange(world: World, connection: Connection, type: number): void {
  if (!world.options.changeNotifications) return;
  world.tasks.schedule('changeNotificaton', async () => {
    await sendToPartner(world, connection, 'changeNotificaton', {
      clientToken: world.state.partnerClientToken,
      connectionToken: connection.token,
      type,
    });
  });
}
