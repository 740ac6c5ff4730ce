import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'account tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** The operations real clients call beyond the booking core: each change is what later calls return. */
describe.each(TRANSPORTS)('Connector accounts, loyalty, billing and reference data (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
    await t.request('PUT', '/_sim/webhooks', { url: `${partner.url}/hooks` });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('reference data lists every code the enterprises use', async () => {
    const config = await post('configuration/get');
    const { Countries, CountryGroups } = await post('countries/getAll');
    expect(Countries).toEqual(expect.arrayContaining([{ Code: 'GB', SovereignCountryCode: 'GB', EnglishName: 'United Kingdom' }]));
    expect(CountryGroups.find((g: { Code: string }) => g.Code === 'EU').CountryCodes).toContain('NL');
    const { Currencies } = await post('currencies/getAll');
    for (const c of config.Enterprise.Currencies) expect(Currencies).toContainEqual({ Code: c.Currency, Precision: 2 });
    expect(Currencies).toContainEqual({ Code: 'JPY', Precision: 0 });
    const { Languages } = await post('languages/getAll');
    expect(Languages.map((l: { Code: string }) => l.Code)).toContain(config.Enterprise.DefaultLanguageCode);
    const texts = await post('languages/getTexts', { LanguageCodes: ['en-GB'], Scope: 'Resources' });
    expect(texts.LanguageTexts[0]).toMatchObject({ LanguageCode: 'en-GB', Texts: expect.objectContaining({ 'Resources.Clean': 'Clean' }) });
    const bad = await t.post(`${C}/languages/getTexts`, { ...gross, LanguageCodes: ['xx-XX'], Scope: 'Resources' });
    expect(bad.body.Message).toMatch(/^Invalid LanguageCodes\[0\]/);
    const { TaxEnvironments } = await post('taxEnvironments/getAll');
    expect(TaxEnvironments.map((e: { Code: string }) => e.Code)).toContain(config.Enterprise.TaxEnvironmentCode);
    const { TaxRates } = await post('taxations/getAll');
    const orderTax = (await post('products/getAll', { ServiceIds: [(await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id], Limitation: { Count: 10 } })).Products[0].Price.TaxValues[0].Code;
    expect(TaxRates.map((r: { Code: string }) => r.Code)).toContain(orderTax);
  });

  it('addresses and account notes of a customer: added, listed, and a CustomerUpdated webhook', async () => {
    const customer = (await post('customers/add', { LastName: 'Address', OverwriteExisting: false })).Id;
    const [added] = await partner.waitFor('hooks');
    expect(added.body.Events).toContainEqual({ Discriminator: 'CustomerAdded', Value: { Id: customer } });
    partner.calls.length = 0;
    const address = (await post('addresses/add', { Addresses: [{ AccountId: customer, Line1: '1 Quay Street', City: 'London', CountryCode: 'GB' }] })).Addresses[0];
    expect(address).toMatchObject({ AccountId: customer, AccountType: 'Customer', City: 'London', IsActive: true });
    const listed = await post('addresses/getAll', { AccountIds: [customer], Limitation: { Count: 10 } });
    expect(listed.Addresses.map((a: Item) => a.Id)).toEqual([address.Id]);
    const note = (await post('accountNotes/add', { AccountNotes: [{ AccountId: customer, Content: 'Allergic to feathers', Classifications: ['Housekeeping'] }] })).AccountNotes[0];
    expect((await post('accountNotes/getAll', { AccountIds: [customer], Limitation: { Count: 10 } })).AccountNotes).toEqual([note]);
    await post('accountNotes/update', { AccountNoteUpdates: [{ AccountNoteId: note.Id, Content: { Value: 'Feather-free pillows' }, Classifications: { Housekeeping: { Value: false }, General: { Value: true } } }] });
    expect((await post('accountNotes/getAll', { AccountNoteIds: [note.Id], Limitation: { Count: 10 } })).AccountNotes[0]).toMatchObject({ Content: 'Feather-free pillows', Classifications: ['General'] });
    await post('addresses/update', { AddressUpdates: [{ AddressId: address.Id, City: { Value: 'Bath' } }] });
    expect((await post('addresses/getAll', { AddressIds: [address.Id], Limitation: { Count: 10 } })).Addresses[0].City).toBe('Bath');
    await post('addresses/delete', { AddressIds: [address.Id] });
    expect((await post('addresses/getAll', { AccountIds: [customer], Limitation: { Count: 10 } })).Addresses).toEqual([]);
    await post('accountNotes/delete', { AccountNoteIds: [note.Id] });
    expect((await post('accountNotes/getAll', { AccountIds: [customer], ActivityStates: ['Deleted'], Limitation: { Count: 10 } })).AccountNotes[0].IsActive).toBe(false);
    const [updated] = await partner.waitFor('hooks');
    expect(updated.body.Events).toContainEqual({ Discriminator: 'CustomerUpdated', Value: { Id: customer } });
    const unknown = await t.post(`${C}/addresses/add`, { ...gross, Addresses: [{ AccountId: 'nobody', City: 'X' }] });
    expect(unknown.body.Message).toBe('Invalid Addresses[0].AccountId: no customer or company nobody.');
    const found = await post('customers/search', { Name: 'Address' });
    expect(found.Customers.map((c: { Customer: Item }) => c.Customer.Id)).toEqual([customer]);
  });

  it('companies: add, update and delete show in companies/getAll, and ids chain into notes', async () => {
    const company = (await post('companies/add', { Name: 'Acme Travel', Options: { Invoiceable: true, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false }, Address: { City: 'Leeds', CountryCode: 'GB' } })).Companies[0];
    expect(company).toMatchObject({ Name: 'Acme Travel', IsActive: true, Options: { Invoiceable: true } });
    const duplicate = await t.post(`${C}/companies/add`, { ...gross, Name: 'Acme Travel', Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } });
    expect(duplicate.status).toBe(400);
    await post('companies/update', { CompanyId: company.Id, Telephone: { Value: '+44 113 000' }, Options: { Invoiceable: { Value: false } } });
    const got = (await post('companies/getAll', { Ids: [company.Id], Limitation: { Count: 10 } })).Companies[0];
    expect(got).toMatchObject({ Telephone: '+44 113 000', Options: { Invoiceable: false } });
    expect((await post('addresses/getAll', { AccountIds: [company.Id], Limitation: { Count: 10 } })).Addresses[0]).toMatchObject({ AccountType: 'Company', City: 'Leeds' });
    await post('accountNotes/add', { AccountNotes: [{ AccountId: company.Id, Content: 'Pays late', Classifications: ['Accounting'] }] });
    await post('companies/delete', { CompanyIds: [company.Id] });
    expect((await post('companies/getAll', { Ids: [company.Id], ActivityStates: ['Active'], Limitation: { Count: 10 } })).Companies).toEqual([]);
    expect((await post('companies/getAll', { Ids: [company.Id], ActivityStates: ['Deleted'], Limitation: { Count: 10 } })).Companies[0].IsActive).toBe(false);
    const again = await t.post(`${C}/companies/delete`, { ...gross, CompanyIds: [company.Id] });
    expect(again.body.Message).toMatch(/^Invalid CompanyIds\[0\]/);
  });

  it('loyalty programs, tiers and memberships chain, update and delete', async () => {
    const customer = (await post('customers/add', { LastName: 'Loyal', OverwriteExisting: false })).Id;
    const program = (await post('loyaltyPrograms/add', { LoyaltyPrograms: [{ Name: 'Quay Club', Code: 'QC', Type: 'Hotel', Subscription: 'Free' }] })).LoyaltyPrograms[0];
    const tier = (await post('loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: program.Id, Name: 'Gold', Code: 'GOLD', Ordering: 2 }] })).LoyaltyTiers[0];
    const membership = (await post('loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: customer, LoyaltyProgramId: program.Id, LoyaltyTierId: tier.Id, IsPrimary: true, MembershipNumber: 'QC-1' }] })).LoyaltyMemberships[0];
    expect(membership).toMatchObject({ AccountId: customer, State: 'New', LoyaltyTierId: tier.Id });
    await post('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: membership.Id, State: { Value: 'Enrolled' }, Points: { Value: 120 } }] });
    const members = await post('loyaltyMemberships/getAll', { AccountIds: [customer], MembershipStates: ['Enrolled'], Limitation: { Count: 10 } });
    expect(members.LoyaltyMemberships[0]).toMatchObject({ Id: membership.Id, State: 'Enrolled', Points: 120 });
    await post('loyaltyTiers/update', { LoyaltyTierUpdates: [{ LoyaltyTierId: tier.Id, Name: { Value: 'Platinum' } }] });
    expect((await post('loyaltyTiers/getAll', { LoyaltyProgramIds: [program.Id], Limitation: { Count: 10 } })).LoyaltyTiers[0].Name).toBe('Platinum');
    await post('loyaltyPrograms/update', { LoyaltyProgramUpdates: [{ LoyaltyProgramId: program.Id, Name: { Value: 'Quay Rewards' } }] });
    expect((await post('loyaltyPrograms/getAll', { LoyaltyProgramIds: [program.Id], Limitation: { Count: 10 } })).LoyaltyPrograms[0].Name).toBe('Quay Rewards');
    const wrongTier = await t.post(`${C}/loyaltyMemberships/add`, { ...gross, LoyaltyMemberships: [{ AccountId: customer, LoyaltyProgramId: program.Id, LoyaltyTierId: 'nope', IsPrimary: false }] });
    expect(wrongTier.body.Message).toMatch(/^Invalid LoyaltyMemberships\[0\]\.LoyaltyTierId/);
    await post('loyaltyMemberships/delete', { LoyaltyMembershipIds: [membership.Id] });
    await post('loyaltyTiers/delete', { LoyaltyTierIds: [tier.Id] });
    await post('loyaltyPrograms/delete', { LoyaltyProgramIds: [program.Id] });
    expect((await post('loyaltyPrograms/getAll', { LoyaltyProgramIds: [program.Id], Limitation: { Count: 10 } })).LoyaltyPrograms).toEqual([]);
    expect((await post('loyaltyMemberships/getAll', { AccountIds: [customer], ActivityStates: ['Deleted'], Limitation: { Count: 10 } })).LoyaltyMemberships).toHaveLength(1);
  });

  it('a charge and a payment on a reservation show in its owner\u2019s bill; the payment raises PaymentUpdated', async () => {
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-BILL-1', messageId: 'bill-1' }));
    await t.sim.idle();
    const reservation = (await post('reservations/getAll/2023-06-06', { CreatedUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 100 } })).Reservations[0];
    const owner = reservation.AccountId;
    const stay = reservation.ServiceId;
    await post('orders/add', { ServiceId: stay, AccountId: owner, LinkedReservationId: reservation.Id, Items: [{ Name: 'Minibar', UnitCount: 2, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 6 } }] });
    await t.sim.idle();
    partner.calls.length = 0;
    const payment = (await post('payments/addExternal', { AccountId: owner, ReservationId: reservation.Id, Amount: { Currency: 'GBP', GrossValue: 50, TaxCodes: [] }, Type: 'Cash' })).ExternalPaymentId;
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toContainEqual({ Discriminator: 'PaymentUpdated', Value: { Id: payment } });
    const listed = await post('payments/getAll', { ReservationIds: [reservation.Id], Limitation: { Count: 10 } });
    expect(listed.Payments[0]).toMatchObject({ Id: payment, AccountId: owner, State: 'Charged', Amount: { Currency: 'GBP', GrossValue: 50 } });
    const bill = (await post('bills/getAll', { CustomerIds: [owner], Extent: { Items: true }, Limitation: { Count: 10 } })).Bills[0];
    expect(bill).toMatchObject({ AccountId: owner, State: 'Open', Id: listed.Payments[0].BillId });
    expect(bill.OrderItems.map((i: { BillingName: string }) => i.BillingName)).toContain('Minibar');
    expect(bill.PaymentItems.map((i: Item) => i.Id)).toEqual([payment]);
    const lean = (await post('bills/getAll', { BillIds: [bill.Id], Limitation: { Count: 10 } })).Bills[0];
    expect(lean.OrderItems).toBeNull();
  });

  it('vouchers/add checks the service, rates and partner company', async () => {
    const services = (await post('services/getAll', { Limitation: { Count: 10 } })).Services;
    const rate = (await post('rates/getAll', { ServiceIds: [services[0].Id], Limitation: { Count: 1 } })).Rates[0].Id;
    const voucher = (await post('vouchers/add', { VoucherParameters: [{ ServiceId: services[0].Id, Name: 'Spring', Type: 'Public', AssignedRateIds: [rate] }] })).Vouchers[0];
    expect(voucher).toMatchObject({ Name: 'Spring', Type: 'Public', IsActive: true });
    await post('vouchers/update', { VoucherUpdates: [{ VoucherId: voucher.Id, Name: { Value: 'Spring sale' } }] });
    const listed = await post('vouchers/getAll', { ServiceIds: [services[0].Id], Extent: { Vouchers: true, VoucherAssignments: true }, Limitation: { Count: 10 } });
    expect(listed.Vouchers.map((v: Item) => v.Name)).toEqual(['Spring sale']);
    expect(listed.VoucherAssignments).toEqual([{ VoucherId: voucher.Id, RateId: rate }]);
    const partnerVoucher = await t.post(`${C}/vouchers/add`, { ...gross, VoucherParameters: [{ ServiceId: services[0].Id, Name: 'Corp', Type: 'PartnerCompany' }] });
    expect(partnerVoucher.body.Message).toBe('Invalid VoucherParameters[0].CompanyId: it is required for a PartnerCompany voucher.');
  });

  it('availability blocks and adjustments change availability and reach the channel manager as delta pushes', async () => {
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const suite = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).ResourceCategories.find((c: { ExternalIdentifier: string }) => c.ExternalIdentifier === 'STE').Id;
    const block = (await post('availabilityBlocks/add', { AvailabilityBlocks: [{ ServiceId: stay, TemplateRateId: rate, FirstTimeUnitStartUtc: '2027-05-01T00:00:00Z', LastTimeUnitStartUtc: '2027-05-02T00:00:00Z', State: 'Confirmed', Name: 'Wedding' }] })).AvailabilityBlocks[0];
    partner.calls.length = 0;
    await post('services/updateAvailability', { ServiceId: stay, AvailabilityUpdates: [{ AvailabilityBlockId: block.Id, ResourceCategoryId: suite, FirstTimeUnitStartUtc: '2027-04-30T23:00:00Z', LastTimeUnitStartUtc: '2027-05-01T23:00:00Z', UnitCountAdjustment: { Value: 2 } }] });
    const [push] = await partner.waitFor('updateAvailability');
    expect(push.body).toMatchObject({ connectionToken: DEMO_TOKENS.grossConnection, availabilities: [{ spaceTypeCode: 'STE', from: '2027-05-01', to: '2027-05-02', availability: 1 }] });
    const withAdjustments = await post('availabilityBlocks/getAll', { AvailabilityBlockIds: [block.Id], Extent: { AvailabilityBlocks: true, Adjustments: true }, Limitation: { Count: 10 } });
    expect(withAdjustments.Adjustments).toEqual([expect.objectContaining({ AvailabilityBlockId: block.Id, ResourceCategoryId: suite, UnitCount: 2 })]);
    expect((await post('availabilityAdjustments/getAll', { UpdatedUtc: { StartUtc: '2027-01-10T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 10 } })).AvailabilityAdjustments).toHaveLength(1);
    await post('availabilityBlocks/update', { AvailabilityBlocks: [{ AvailabilityBlockId: block.Id, Name: { Value: 'Big wedding' } }] });
    expect((await post('availabilityBlocks/getAll', { AvailabilityBlockIds: [block.Id], Extent: { AvailabilityBlocks: true }, Limitation: { Count: 10 } })).AvailabilityBlocks[0].Name).toBe('Big wedding');
    const notMidnight = await t.post(`${C}/services/getAvailability/2024-01-22`, { ...gross, ServiceId: stay, FirstTimeUnitStartUtc: '2027-05-01T10:00:00Z', LastTimeUnitStartUtc: '2027-05-01T23:00:00Z', Metrics: ['Occupied'] });
    expect(notMidnight.body.Message).toMatch(/^Invalid FirstTimeUnitStartUtc: it is not the start of a time unit/);
  });

  it('availabilityBlocks/add takes the deprecated RateId when TemplateRateId is absent, and needs one of them', async () => {
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const [rate, other] = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 2 } })).Rates.map((r: Item) => r.Id);
    const block = (extra: Record<string, unknown>) => ({ ServiceId: stay, FirstTimeUnitStartUtc: '2027-06-01T00:00:00Z', LastTimeUnitStartUtc: '2027-06-02T00:00:00Z', State: 'Confirmed', ...extra });
    const [byRateId] = (await post('availabilityBlocks/add', { AvailabilityBlocks: [block({ RateId: rate })] })).AvailabilityBlocks;
    expect(byRateId).toMatchObject({ ServiceId: stay, RateId: rate, State: 'Confirmed' });
    const entry = t.sim.defaultWorld.journal.find({ api: 'connector' }).filter((e) => e.url.endsWith('availabilityBlocks/add')).at(-1)!;
    expect(entry.findings).toContainEqual(expect.objectContaining({ severity: 'warning', kind: 'deprecated-field', path: 'AvailabilityBlocks[0].RateId' }));
    // Both given: RateId is ignored, even when it names no rate.
    const [both] = (await post('availabilityBlocks/add', { AvailabilityBlocks: [block({ TemplateRateId: other, RateId: 'no-such-rate' })] })).AvailabilityBlocks;
    expect(both.RateId).toBe(other);
    const send = async (b: Record<string, unknown>) => {
      const r = await t.post(`${C}/availabilityBlocks/add`, { ...gross, AvailabilityBlocks: [b] });
      return { status: r.status, message: r.body?.Message };
    };
    expect(await send(block({}))).toEqual({ status: 400, message: 'Invalid AvailabilityBlocks[0].TemplateRateId: it is required.' });
    expect(await send(block({ TemplateRateId: null, RateId: null }))).toEqual({ status: 400, message: 'Invalid AvailabilityBlocks[0].TemplateRateId: it is required.' });
    expect(await send(block({ RateId: 'no-such-rate' }))).toEqual({ status: 400, message: 'Invalid AvailabilityBlocks[0].RateId: no rate no-such-rate.' });
    expect(await send(block({ TemplateRateId: 'no-such-rate', RateId: rate }))).toEqual({ status: 400, message: 'Invalid AvailabilityBlocks[0].TemplateRateId: no rate no-such-rate.' });
  });

  it('messages raise MessageAdded; service order notes and closed tasks read back', async () => {
    const thread = (await post('messageThreads/add', { OriginalSender: 'guest@example.com', Subject: 'Parking' })).MessageThreads[0];
    await t.sim.idle();
    partner.calls.length = 0;
    const added = (await post('messages/add', { Messages: [{ MessageThreadId: thread.Id, Text: 'Is there parking?', Identifier: 'q1' }] })).Messages[0];
    expect(added).toMatchObject({ Identifier: 'q1', Message: { MessageThreadId: thread.Id, Text: 'Is there parking?', Sender: { Discriminator: 'Application' } } });
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toContainEqual({ Discriminator: 'MessageAdded', Value: { Id: added.Message.Id } });
    expect((await post('messages/getAll', { MessageThreadIds: [thread.Id], Limitation: { Count: 10 } })).Messages.map((m: Item) => m.Id)).toEqual([added.Message.Id]);
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-NOTE-1', messageId: 'note-1' }));
    await t.sim.idle();
    const reservation = (await post('reservations/getAll/2023-06-06', { CreatedUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 1 } })).Reservations[0];
    const note = (await post('serviceOrderNotes/add', { ServiceOrderNotes: [{ ServiceOrderId: reservation.Id, Text: 'Arrives late' }] })).ServiceOrderNotes[0];
    await post('serviceOrderNotes/update', { ServiceOrderNoteUpdates: [{ ServiceOrderNoteId: note.Id, Text: { Value: 'Arrives at midnight' } }] });
    expect((await post('serviceOrderNotes/getAll', { ServiceOrderIds: [reservation.Id], Limitation: { Count: 10 } })).ServiceOrderNotes[0]).toMatchObject({ Id: note.Id, OrderId: reservation.Id, Text: 'Arrives at midnight' });
    const department = (await post('departments/getAll', { Limitation: { Count: 1 } })).Departments[0].Id;
    const task = (await post('tasks/add', { Name: 'Fix lamp', DepartmentId: department, DeadlineUtc: '2027-01-20T10:00:00Z' })).TaskId;
    await post('tasks/close', { TaskIds: [task] });
    const closed = (await post('tasks/getAll', { TaskIds: [task], Limitation: { Count: 1 } })).Tasks[0];
    expect(closed).toMatchObject({ State: 'Closed', ClosedUtc: '2027-01-10T08:00:00Z' });
  });

  it('names every invalid parameter at once, and a mistyped path gets the nearest documented one', async () => {
    const r = await t.post(`${C}/loyaltyPrograms/add`, { ...gross, LoyaltyPrograms: [{ Name: 'x', Type: 'Nope' }] });
    expect(r.status).toBe(400);
    expect(r.body.Message).toBe('Invalid LoyaltyPrograms[0].Code: it is required; LoyaltyPrograms[0].Type: Invalid option: expected one of "Hotel"|"ExternalPartner"|"SoftBrand"|"Unknown"; LoyaltyPrograms[0].Subscription: it is required.');
    const typo = await t.post(`${C}/loyaltyProgram/getAll`, gross);
    expect(typo.status).toBe(404);
    expect(typo.body.Message).toBe(`Not found: ${C}/loyaltyProgram/getAll is not a Connector API operation. The nearest documented one is ${C}/loyaltyPrograms/getAll.`);
  });
});
