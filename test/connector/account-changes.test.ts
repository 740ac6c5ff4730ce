import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'account change tests 1.0' };
type Item = Record<string, unknown> & { Id: string };
const options = { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false };
const PDF = Buffer.from('%PDF-1.4 test').toString('base64');

/**
 * Account updates, files and merges, and the customers' open items: each change is what later
 * reads show. customers/merge is discontinued on 2025-05-10, so it runs in a world before that date.
 */
describe.each(TRANSPORTS)('Connector account updates, files and merges (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let stay: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };
  const customer = async (LastName: string, more: Record<string, unknown> = {}) => (await post('customers/add', { LastName, OverwriteExisting: false, ...more })).Id as string;
  const company = async (Name: string) => (await post('companies/add', { Name, Options: options })).Companies[0].Id as string;
  const profile = async (id: string) => (await post('customers/getAll', { CustomerIds: [id], Extent: { Customers: true }, Limitation: { Count: 1 } })).Customers[0] as Item | undefined;
  const book = async (customerId: string) => {
    const category = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2025-04-10T14:00:00Z', EndUtc: '2025-04-12T10:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customerId, RequestedCategoryId: category, RateId: rate }],
    });
    return booked.Reservations[0].Reservation.Id as string;
  };

  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2025-04-01T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
    await t.request('PUT', '/_sim/webhooks', { url: `${partner.url}/hooks` });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('accounts/update changes a customer and a company as customers/getAll and companies/getAll show them', async () => {
    const guest = await customer('Updated', { FirstName: 'Old', Email: 'old@example.com' });
    const firm = await company('Update Works');
    await t.sim.idle();
    partner.calls.length = 0;
    const { Accounts } = await post('accounts/update', {
      AccountUpdates: [
        { Id: guest, Discriminator: 'Customer', Customer: { FirstName: { Value: 'New' }, Email: { Value: 'new@example.com' }, BillingCode: { Value: 'B-7' }, BirthDate: { Value: '1990-02-03' }, Classifications: { VeryImportant: { Value: true } }, Options: { SendMarketingEmails: { Value: true } }, LegalEntityIdentifiers: { ItFiscalCode: { Value: 'FISC1' } } } },
        { Id: firm, Discriminator: 'Company', Company: { Name: { Value: 'Update Works Ltd' }, FiscalIdentifier: { Value: 'F-9' }, CreditRatingBasic: 'CreditOk', Classifications: { Corporate: { Value: true } }, Options: { Invoiceable: { Value: true } } } },
      ],
    });
    expect(Accounts[0]).toMatchObject({ Id: guest, Discriminator: 'Customer', Company: null, Customer: { FirstName: 'New', LastName: 'Updated', Email: 'new@example.com', BillingCode: 'B-7', BirthDate: '1990-02-03', Classifications: { VeryImportant: true, Blocklist: false }, Options: { SendMarketingEmails: true, Invoiceable: false }, LegalEntityIdentifiers: { ItFiscalCode: 'FISC1' } } });
    expect(Accounts[1]).toMatchObject({ Id: firm, Discriminator: 'Company', Customer: null, Company: { Name: 'Update Works Ltd', FiscalIdentifier: 'F-9', CreditRatingBasic: 'CreditOk', Classifications: { Corporate: true, Internal: false }, Options: { Invoiceable: true } } });
    expect(await profile(guest)).toMatchObject({ FirstName: 'New', Email: 'new@example.com', BillingCode: 'B-7', BirthDate: '1990-02-03', ItalianFiscalCode: 'FISC1', Classifications: ['VeryImportant'], Options: ['SendMarketingEmails'] });
    const listed = (await post('companies/getAll', { Ids: [firm], Limitation: { Count: 1 } })).Companies[0];
    expect(listed).toMatchObject({ Name: 'Update Works Ltd', Identifier: 'F-9', CreditRating: { Basic: 'CreditOk' }, Options: { Invoiceable: true } });
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toContainEqual({ Discriminator: 'CustomerUpdated', Value: { Id: guest } });

    // A failed update changes nothing, not even the updates before it.
    const bad = await fail('accounts/update', { AccountUpdates: [{ Id: guest, Discriminator: 'Customer', Customer: { FirstName: { Value: 'Never' } } }, { Id: 'nobody', Discriminator: 'Customer', Customer: {} }] });
    expect(bad).toEqual({ status: 400, message: 'Invalid AccountUpdates[1].Id: no customer nobody.' });
    expect((await profile(guest))!.FirstName).toBe('New');
    expect((await fail('accounts/update', { AccountUpdates: [{ Id: guest, Discriminator: 'Customer', Customer: { LastName: { Value: null } } }] })).message).toMatch(/^Invalid AccountUpdates\[0\].Customer.LastName: /);
    expect((await fail('accounts/update', { AccountUpdates: [{ Id: guest, Discriminator: 'Company', Company: {} }] })).message).toBe(`Invalid AccountUpdates[0].Id: no company ${guest}.`);
    expect((await fail('accounts/update', { AccountUpdates: [{ Id: guest, Discriminator: 'Customer' }] })).message).toMatch(/^Invalid AccountUpdates\[0\].Customer: /);
  });

  it('files attach to customers and companies; only the documented MIME types and base64 data', async () => {
    const guest = await customer('Filed');
    expect((await post('customers/addFile', { CustomerId: guest, Name: 'passport.pdf', Type: 'application/pdf', Data: PDF })).FileId).toEqual(expect.any(String));
    expect((await post('accounts/addFile', { AccountId: await company('Filing Co'), Name: 'contract.pdf', Type: 'application/pdf', Data: PDF })).FileId).toEqual(expect.any(String));
    expect((await fail('customers/addFile', { CustomerId: guest, Name: 'a.exe', Type: 'application/x-msdownload', Data: PDF })).message).toMatch(/^Invalid Type: /);
    expect((await fail('accounts/addFile', { AccountId: guest, Name: 'a.png', Type: 'image/png', Data: 'not base64!' })).message).toMatch(/^Invalid Data: /);
    expect(await fail('accounts/addFile', { AccountId: 'nobody', Name: 'a.png', Type: 'image/png', Data: PDF })).toEqual({ status: 400, message: 'Invalid AccountId: no customer or company nobody.' });
  });

  it('customers/getOpenItems answers the open order and payment items of each customer\'s bill', async () => {
    const guest = await customer('Open Items');
    await book(guest);
    const paid = await post('payments/addExternal', { AccountId: guest, Amount: { Currency: 'GBP', GrossValue: 25, TaxCodes: [] }, Type: 'Cash' });
    const { Customers } = await post('customers/getOpenItems', { CustomerIds: [guest] });
    expect(Customers).toHaveLength(1);
    expect(Customers[0].CustomerId).toBe(guest);
    expect(Customers[0].OrderItems.length).toBeGreaterThanOrEqual(2);
    expect(Customers[0].PaymentItems.map((p: Item) => p.Id)).toEqual([paid.ExternalPaymentId]);
    const bill = (await post('bills/getAll', { CustomerIds: [guest], Extent: { Items: true }, Limitation: { Count: 1 } })).Bills[0];
    expect(Customers[0].OrderItems.map((i: Item) => i.Id)).toEqual(bill.OrderItems.filter((i: Item) => i.AccountingState === 'Open').map((i: Item) => i.Id));
    expect(await fail('customers/getOpenItems', { CustomerIds: ['nobody'] })).toEqual({ status: 400, message: 'Invalid CustomerIds[0]: no customer nobody.' });
    expect((await fail('customers/getOpenItems', { CustomerIds: [guest], Currency: 'JPY' })).message).toMatch(/^Invalid Currency: /);
    // Converted as orderItems/getAll converts, at the exchangeRates/getAll rates.
    const eur = (await post('exchangeRates/getAll', {})).ExchangeRates.find((x: { SourceCurrency: string }) => x.SourceCurrency === 'EUR').Value as number;
    const inEur = (await post('customers/getOpenItems', { CustomerIds: [guest], Currency: 'EUR' })).Customers[0];
    expect(inEur.OrderItems.map((i: Item) => i.Id)).toEqual(Customers[0].OrderItems.map((i: Item) => i.Id));
    const [own, converted] = [Customers[0].OrderItems[0].Amount, inEur.OrderItems[0].Amount];
    expect(converted.Currency).toBe('EUR');
    expect(converted.GrossValue).toBeCloseTo(own.GrossValue / eur, 1);
    expect(inEur.PaymentItems[0].Amount.Currency).toBe('EUR');
  });

  it('customers/getRelationships pages the relationships of known customers (none are set through the API)', async () => {
    const guest = await customer('Related');
    expect(await post('customers/getRelationships', { CustomerIds: [guest], Limitation: { Count: 10 } })).toEqual({ CustomerRelationships: [], Cursor: null });
    expect(await fail('customers/getRelationships', { CustomerIds: ['nobody'], Limitation: { Count: 10 } })).toEqual({ status: 400, message: 'Invalid CustomerIds[0]: no customer nobody.' });
  });

  it('customers/merge moves the source\'s reservations, bill items, payments, addresses, notes, documents and cards to the target, which fills its gaps; the source is gone', async () => {
    const target = await customer('Merged', { Email: 'target@example.com' });
    const source = await customer('Merged', { Email: 'source@example.com', Phone: '+44 20 0000 0000', Classifications: ['Returning'] });
    const reservation = await book(source);
    const payment = (await post('payments/addExternal', { AccountId: source, Amount: { Currency: 'GBP', GrossValue: 12, TaxCodes: [] }, Type: 'Cash' })).ExternalPaymentId;
    const address = (await post('addresses/add', { Addresses: [{ AccountId: source, City: 'York', CountryCode: 'GB' }] })).Addresses[0].Id;
    const note = (await post('accountNotes/add', { AccountNotes: [{ AccountId: source, Content: 'Likes quiet rooms', Classifications: ['General'] }] })).AccountNotes[0].Id;
    const document = (await post('identityDocuments/add', { IdentityDocuments: [{ CustomerId: source, Type: 'Passport', Number: 'M1' }] })).IdentityDocuments[0].Id;
    const card = (await post('creditCards/addTokenized', { CustomerId: source, CreditCardData: { StorageData: 'pci-merge', Expiration: '2028-01' } })).CreditCardId;

    await post('accounts/update', { AccountUpdates: [{ Id: source, Discriminator: 'Customer', Customer: { BillingCode: { Value: 'SRC-1' } } }] });

    await post('customers/merge', { SourceCustomerId: source, TargetCustomerId: target });

    expect(await profile(source)).toBeUndefined();
    expect(await profile(target)).toMatchObject({ Email: 'target@example.com', Phone: '+44 20 0000 0000', Classifications: ['Returning'], BillingCode: 'SRC-1' });
    const r = (await post('reservations/getAll/2023-06-06', { ReservationIds: [reservation], Limitation: { Count: 1 } })).Reservations[0];
    expect(r.AccountId).toBe(target);
    const bill = (await post('bills/getAll', { CustomerIds: [target], Extent: { Items: true }, Limitation: { Count: 1 } })).Bills[0];
    expect(bill.PaymentItems.map((p: Item) => p.Id)).toContain(payment);
    expect(bill.OrderItems.some((i: Item & { OrderId: string }) => i.OrderId === reservation)).toBe(true);
    expect((await post('bills/getAll', { CustomerIds: [source], Limitation: { Count: 1 } })).Bills).toEqual([]);
    expect((await post('payments/getAll', { PaymentIds: [payment], Limitation: { Count: 1 } })).Payments[0]).toMatchObject({ AccountId: target, BillId: bill.Id });
    expect((await post('addresses/getAll', { AccountIds: [target], Limitation: { Count: 10 } })).Addresses.map((a: Item) => a.Id)).toContain(address);
    expect((await post('accountNotes/getAll', { AccountIds: [target], Limitation: { Count: 10 } })).AccountNotes.map((n: Item) => n.Id)).toContain(note);
    expect((await post('identityDocuments/getAll', { CustomerIds: [target], Limitation: { Count: 10 } })).IdentityDocuments.map((d: Item) => d.Id)).toEqual([document]);
    expect((await post('creditCards/getAll', { CreditCardIds: [card], Limitation: { Count: 1 } })).CreditCards[0].CustomerId).toBe(target);
    expect(await fail('customers/merge', { SourceCustomerId: source, TargetCustomerId: target })).toEqual({ status: 400, message: `Invalid SourceCustomerId: no customer ${source}.` });
    expect(await fail('customers/merge', { SourceCustomerId: target, TargetCustomerId: target })).toEqual({ status: 400, message: 'Invalid SourceCustomerId: an account cannot be merged into itself.' });
  });

  it('accounts/merge merges companies (gone from companies/getAll, their notes and customers move) and several customers at once', async () => {
    const [keep, drop] = [await company('Keep Corp'), await company('Drop Corp')];
    const employee = await customer('Employee', { CompanyId: drop });
    const note = (await post('accountNotes/add', { AccountNotes: [{ AccountId: drop, Content: 'Pays late', Classifications: ['General'] }] })).AccountNotes[0].Id;
    const [a, b, c] = [await customer('Many'), await customer('Many'), await customer('Many')];
    await post('accounts/merge', { AccountMergeParameters: [
      { SourceAccountIds: [drop], TargetAccountId: keep, AccountType: 'Company' },
      { SourceAccountIds: [b, c], TargetAccountId: a, AccountType: 'Customer' },
    ] });
    expect((await post('companies/getAll', { Ids: [keep, drop], Limitation: { Count: 10 } })).Companies.map((x: Item) => x.Id)).toEqual([keep]);
    expect((await profile(employee))!.CompanyId).toBe(keep);
    expect((await post('accountNotes/getAll', { AccountIds: [keep], Limitation: { Count: 10 } })).AccountNotes.map((n: Item) => n.Id)).toEqual([note]);
    expect(await profile(b)).toBeUndefined();
    expect(await profile(c)).toBeUndefined();
    expect(await profile(a)).toBeDefined();
    const wrongType = await fail('accounts/merge', { AccountMergeParameters: [{ SourceAccountIds: [a], TargetAccountId: employee, AccountType: 'Company' }] });
    expect(wrongType).toEqual({ status: 400, message: `Invalid AccountMergeParameters[0].TargetAccountId: no company ${employee}.` });
    const chained = await fail('accounts/merge', { AccountMergeParameters: [{ SourceAccountIds: [employee], TargetAccountId: a, AccountType: 'Customer' }, { SourceAccountIds: [a], TargetAccountId: await customer('Third'), AccountType: 'Customer' }] });
    expect(chained.message).toMatch(/^Invalid AccountMergeParameters: /);
    expect(await profile(employee)).toBeDefined();
  });
});
