import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'contract tests 1.0' };
type Item = Record<string, unknown> & { Id: string };
const options = { IncludeCancellationFeeInCommissionEstimate: false, SkipAutomaticSettlement: true };

/** Company (travel agency) contracts: add, update and delete are what getAll shows. */
describe.each(TRANSPORTS)('Connector company contracts (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let company: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    company = (await post('companies/getAll', { Limitation: { Count: 1 } })).Companies[0].Id;
  });
  afterAll(() => t.close());

  it('add, getAll by company and service, update, delete (then only with ActivityStates Deleted)', async () => {
    const [contract] = (await post('companyContracts/add', { TravelAgencyContracts: [{ ServiceId: stay, CompanyId: company, Commission: 0.1, CommissionIncluded: true, Options: options, ContactEmail: 'contracts@example.com' }] })).TravelAgencyContracts;
    expect(contract).toMatchObject({ ServiceId: stay, CompanyId: company, IsActive: true, Commission: 0.1, CommissionIncluded: true, Options: options, ContactEmail: 'contracts@example.com', Notes: null });
    expect((await post('companyContracts/getAll', { CompanyIds: [company], ServiceIds: [stay], Limitation: { Count: 10 } })).TravelAgencyContracts.map((c: Item) => c.Id)).toEqual([contract.Id]);
    const [updated] = (await post('companyContracts/update', { TravelAgencyContractUpdates: [{ TravelAgencyContractId: contract.Id, Commission: { Value: 0.15 }, Notes: { Value: 'Renewed' }, Options: { IncludeCancellationFeeInCommissionEstimate: { Value: true }, SkipAutomaticSettlement: { Value: true } } }] })).TravelAgencyContracts;
    expect(updated).toMatchObject({ Commission: 0.15, Notes: 'Renewed', Options: { IncludeCancellationFeeInCommissionEstimate: true, SkipAutomaticSettlement: true } });
    expect((await post('companyContracts/getAll', { CompanyContractIds: [contract.Id], Limitation: { Count: 10 } })).TravelAgencyContracts[0]).toEqual(updated);
    await post('companyContracts/delete', { TravelAgencyContractIds: [contract.Id], ServiceIds: [stay] });
    expect((await post('companyContracts/getAll', { CompanyContractIds: [contract.Id], ActivityStates: ['Active'], Limitation: { Count: 10 } })).TravelAgencyContracts).toEqual([]);
    expect((await post('companyContracts/getAll', { CompanyContractIds: [contract.Id], ActivityStates: ['Deleted'], Limitation: { Count: 10 } })).TravelAgencyContracts[0].IsActive).toBe(false);
    expect(await fail('companyContracts/update', { TravelAgencyContractUpdates: [{ TravelAgencyContractId: contract.Id, Notes: { Value: 'x' } }] })).toEqual({ status: 400, message: `Invalid TravelAgencyContractUpdates[0].TravelAgencyContractId: no companyContracts ${contract.Id}.` });
  });

  it('refuses unknown companies, services and segments and out-of-range terms, naming the parameter', async () => {
    const base = { ServiceId: stay, CompanyId: company, Options: options };
    expect(await fail('companyContracts/add', { TravelAgencyContracts: [{ ...base, CompanyId: 'nobody' }] })).toEqual({ status: 400, message: 'Invalid TravelAgencyContracts[0].CompanyId: no company nobody.' });
    expect(await fail('companyContracts/add', { TravelAgencyContracts: [{ ...base, ServiceId: 'none' }] })).toEqual({ status: 400, message: 'Invalid TravelAgencyContracts[0].ServiceId: no service none.' });
    expect(await fail('companyContracts/add', { TravelAgencyContracts: [{ ...base, Commission: 1.5 }] })).toEqual({ status: 400, message: 'Invalid TravelAgencyContracts[0].Commission: it must be between 0 and 1.' });
    expect((await fail('companyContracts/add', { TravelAgencyContracts: [{ ...base, ChannelManagerRelativeAdjustment: -2 }] })).message).toMatch(/^Invalid TravelAgencyContracts\[0\].ChannelManagerRelativeAdjustment: /);
    expect((await fail('companyContracts/add', { TravelAgencyContracts: [{ ...base, ChannelManagerBusinessSegmentId: 'none' }] })).message).toMatch(/^Invalid TravelAgencyContracts\[0\].ChannelManagerBusinessSegmentId: /);
    const [other] = (await post('companyContracts/add', { TravelAgencyContracts: [base] })).TravelAgencyContracts;
    const services = (await post('services/getAll', { Limitation: { Count: 10 } })).Services.map((s: Item) => s.Id).filter((id: string) => id !== stay);
    expect((await fail('companyContracts/delete', { TravelAgencyContractIds: [other.Id], ServiceIds: services.slice(0, 1) })).message).toMatch(/^Invalid TravelAgencyContractIds\[0\]: /);
  });
});
