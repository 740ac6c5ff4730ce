// The simulator under test for bench/reservations.ts, in its own process and from the built dist/
// (as users run it: the node:http server and the heap governor `mews-sim serve` starts): the demo world plus N
// reservations on the gross enterprise. MEWS_SIM_HEAP_GROWTH=0 measures it without the governor.
//   node bench/reservations-server.mjs <port> <n>
import { Simulator, startHeapGovernor } from '../dist/index.js';
import { createSimulatorServer } from '../dist/adapters/node.js';
import { dayOf, toIsoDate } from '../dist/engine/dates.js';

const [port, n] = process.argv.slice(2).map(Number);
// A load generator passes Mews's 200 requests per AccessToken in 30 s at once: the limit is lifted here.
const sim = new Simulator({ deltaPushes: false, changeNotifications: false, connectorRequestLimit: 0, journal: { maxEntries: 10_000 } });
const state = sim.defaultWorld.state;
const property = state.properties.get('harbour-view');
const spaces = property.spaceCategories.map((s) => s.code);
const rates = property.ratePlans.map((r) => r.code);
const base = dayOf('2027-01-01');
const now = sim.defaultWorld.clock.now().toISOString();
for (let i = 0; i < n; i++) {
  const groupId = state.uuid();
  const id = state.uuid();
  state.addGroup({ id: groupId, propertyId: property.id, reservationIds: [id], createdUtc: now, updatedUtc: now, channelId: `OTA-${i}` });
  state.reservations.set(id, {
    id,
    groupId,
    propertyId: property.id,
    confirmationNumber: String(1_000_000 + i),
    state: 'Confirmed',
    spaceTypeCode: spaces[i % spaces.length],
    ratePlanCode: rates[i % rates.length],
    from: toIsoDate(base + (i % 700)),
    to: toIsoDate(base + (i % 700) + 1 + (i % 5)),
    guestCounts: [{ code: 'Adult', count: 2 }],
    amounts: [],
    extras: [],
    guests: [],
    createdUtc: now,
    updatedUtc: now,
  });
}
state.version++;
startHeapGovernor({ growth: Number(process.env.MEWS_SIM_HEAP_GROWTH ?? 1.5) });
createSimulatorServer(sim).listen(port, '127.0.0.1');
process.on('SIGINT', () => process.exit(0));
