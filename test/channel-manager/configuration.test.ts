import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetConfigurationResponse, GetPropertiesResponse } from '../../src/channel-manager/schemas.js';
import { DEMO_TOKENS } from '../../src/world/demo.js';
import { auth, CLIENT, CM, EMAIL, GROSS, INACTIVE, NET } from '../support/fixtures.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('configuration operations (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t.close());

  describe('getProperties', () => {
    it('lists the properties an employee email can see, with connection tokens', async () => {
      const r = await t.post(`${CM}/getProperties`, { clientToken: CLIENT, email: EMAIL });
      expect(r.status).toBe(200);
      expect(GetPropertiesResponse.parse(r.body).success).toBe(true);
      const ids = r.body.properties.map((p: { id: string }) => p.id);
      expect(ids).toEqual(['harbour-view', 'liberty-hall', 'canal-hostel', 'old-mill-inn']);
      const hostel = r.body.properties.find((p: { id: string }) => p.id === 'canal-hostel');
      expect(hostel.connections).toHaveLength(4);
      expect(hostel.connections[3]).toEqual({ token: DEMO_TOKENS.hostelPrivate });
      const inn = r.body.properties.find((p: { id: string }) => p.id === 'old-mill-inn');
      expect(inn.connections).toBeUndefined();
    });

    it('matches the email case-insensitively and scopes it to the employee', async () => {
      const r = await t.post(`${CM}/getProperties`, { clientToken: CLIENT, email: 'FrontDesk@Liberty-Hall.test' });
      expect(r.body.properties.map((p: { id: string }) => p.id)).toEqual(['liberty-hall']);
    });

    it('answers code 8 for an unknown email or client token', async () => {
      const email = await t.post(`${CM}/getProperties`, { clientToken: CLIENT, email: 'nobody@example.com' });
      expect(email.body).toEqual({ success: false, errors: [{ code: 8, message: expect.stringContaining('nobody@example.com') }] });
      const token = await t.post(`${CM}/getProperties`, { clientToken: 'WRONG', email: EMAIL });
      expect(token.status).toBe(200);
      expect(token.body.errors[0].code).toBe(8);
    });

    it('answers code 6 naming a missing field', async () => {
      const r = await t.post(`${CM}/getProperties`, { clientToken: CLIENT });
      expect(r.body.success).toBe(false);
      expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining("'email'") });
    });
  });

  describe('getConfiguration', () => {
    it('returns the documented shape without extent', async () => {
      const r = await t.post(`${CM}/getConfiguration`, auth());
      const body = GetConfigurationResponse.parse(r.body);
      expect(body.success).toBe(true);
      expect(body.connectionToken).toBe(GROSS);
      expect(body.property).toMatchObject({ name: 'Harbour View Hotel & Hostel', pricingMode: 0, languageCode: 'en-GB', spaceCount: 43 });
      expect(body.spaceCategories.map((s) => s.code)).toEqual(['SGL', 'DBL', 'TWN', 'STE', 'DRM', 'BED']);
      expect(body.spaceCategories.map((s) => s.classification)).toEqual(expect.arrayContaining([16, 8]));
      // CORP is unsynchronized on this connection: left out unless asked for.
      expect(body.ratePlans.map((p) => p.code)).toEqual(['BAR', 'NR', 'FLEX', 'BB', 'ADV', 'LONG']);
      expect(body.ratePlans.every((p) => p.isSynchronized && p.currencyCode === 'GBP')).toBe(true);
      expect(body.inventoryMappings).toHaveLength(36);
      expect(body.inventoryMappings.some((m) => m.ratePlanCode === 'CORP')).toBe(false);
      for (const key of ['products', 'productMappings', 'companies', 'travelAgencies', 'ageCategories']) {
        expect(r.body).not.toHaveProperty(key);
      }
    });

    it('honours every extent flag', async () => {
      const r = await t.post(`${CM}/getConfiguration`, {
        ...auth(),
        extent: {
          includeUnsynchronizedRates: true,
          includeUnsynchronizedCategories: true,
          includeProducts: true,
          includeCompanies: true,
          includeAgeCategories: true,
        },
      });
      const body = GetConfigurationResponse.parse(r.body);
      const corp = body.ratePlans.find((p) => p.code === 'CORP');
      expect(corp).toMatchObject({ isSynchronized: false, rateType: 0 });
      expect(body.inventoryMappings).toHaveLength(42);
      expect(body.products).toEqual([
        expect.objectContaining({ code: 'BRK', pricing: 4, unitAmount: expect.objectContaining({ currencyCode: 'GBP', grossValue: 12.5, netValue: 10.42 }) }),
      ]);
      expect(body.productMappings).toEqual([{ ratePlanCode: 'BB', productCode: 'BRK' }]);
      expect(body.companies?.[0]).toMatchObject({ name: 'Northwind Traders Ltd', channel: { code: 70 } });
      expect(body.travelAgencies?.[0]).toMatchObject({ name: 'Expedia', iata: '96637524' });
      expect(body.ageCategories?.map((a) => a.code)).toEqual(['Adult', 'Child', 'Infant']);
    });

    it('scopes a per-space connection to its space type', async () => {
      const r = await t.post(`${CM}/getConfiguration`, auth(DEMO_TOKENS.hostelBeds));
      expect(r.body.spaceCategories.map((s: { code: string }) => s.code)).toEqual(['B4']);
      expect(r.body.inventoryMappings.every((m: { spaceTypeCode: string }) => m.spaceTypeCode === 'B4')).toBe(true);
    });

    it('reports a net property with pricingMode 1', async () => {
      const r = await t.post(`${CM}/getConfiguration`, auth(NET));
      expect(r.body.property.pricingMode).toBe(1);
      expect(r.body.ratePlans[0].currencyCode).toBe('USD');
    });

    it('answers code 3 for an inactive connection and code 8 for an unknown one', async () => {
      const inactive = await t.post(`${CM}/getConfiguration`, auth(INACTIVE));
      expect(inactive.body.errors[0].code).toBe(3);
      const unknown = await t.post(`${CM}/getConfiguration`, auth('NOT-A-REAL-CONNECTION-TOKEN'));
      expect(unknown.body.errors[0].code).toBe(8);
    });

    it('answers code 6 for a mistyped extent flag', async () => {
      const r = await t.post(`${CM}/getConfiguration`, { ...auth(), extent: { includeProducts: 'yes' } });
      expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('extent.includeProducts') });
    });
  });

  describe('getChannels', () => {
    it('lists channels with integer codes that have gaps', async () => {
      const r = await t.post(`${CM}/getChannels`, { clientToken: CLIENT });
      expect(r.body.success).toBe(true);
      const codes: number[] = r.body.channels.map((c: { code: number }) => c.code);
      expect(codes.length).toBeGreaterThan(10);
      expect(codes.every(Number.isInteger)).toBe(true);
      expect(codes.some((c, i) => i > 0 && c - codes[i - 1] > 1)).toBe(true);
    });
  });
});
