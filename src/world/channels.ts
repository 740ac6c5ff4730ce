import type { Channel } from './schema.js';

/**
 * The simulator's own channel list (sales channels and OTAs with their mapping codes). Codes have
 * gaps on purpose, as the real list does; new channels are only ever appended.
 */
export const DEFAULT_CHANNELS: readonly Channel[] = [
  { code: 1, name: 'Booking.com' },
  { code: 2, name: 'Expedia' },
  { code: 3, name: 'Hotels.com' },
  { code: 5, name: 'Agoda' },
  { code: 6, name: 'Airbnb' },
  { code: 8, name: 'Hostelworld' },
  { code: 9, name: 'HRS' },
  { code: 12, name: 'Trip.com' },
  { code: 13, name: 'Google Hotel Ads' },
  { code: 17, name: 'Despegar' },
  { code: 18, name: 'Hotelbeds' },
  { code: 21, name: 'Tripadvisor' },
  { code: 24, name: 'Trivago' },
  { code: 25, name: 'Amadeus GDS' },
  { code: 26, name: 'Sabre GDS' },
  { code: 27, name: 'Travelport GDS' },
  { code: 31, name: 'Lastminute.com' },
  { code: 33, name: 'Opodo' },
  { code: 40, name: 'Webbeds' },
  { code: 41, name: 'Jet2holidays' },
  { code: 44, name: 'TUI' },
  { code: 52, name: 'Vrbo' },
  { code: 57, name: 'Hopper' },
  { code: 63, name: 'Direct (brand website)' },
  { code: 70, name: 'Corporate travel desk' },
];
