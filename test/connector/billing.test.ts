import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'billing tests 1.0' };
type Item = Record<string, unknown> & { Id: string };
const today = { StartUtc: '2025-12-01T00:00:00Z', EndUtc: '2025-12-03T00:00:00Z' };

/** A PDF whose cross-reference table points at its objects, as any reader needs. */
function checkPdf(base64: string): string {
  const pdf = Buffer.from(base64, 'base64').toString('latin1');
  expect(pdf.startsWith('%PDF-1.')).toBe(true);
  expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
  const xref = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
  expect(pdf.slice(xref, xref + 4)).toBe('xref');
  const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(offsets.length).toBeGreaterThan(3);
  offsets.forEach((o, i) => expect(pdf.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  return pdf;
}

/** Bills, accounting items and the finance lists a client reconciles against them (a world clock before accountingItems/getAll was discontinued). */
describe.each(TRANSPORTS)('Connector billing and finance (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>, status: number) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status }).toEqual({ path, status });
    return r.body.Message as string;
  };
  const customer = async (name: string) => (await post('customers/add', { LastName: name, OverwriteExisting: false })).Id as string;
  const charge = (accountId: string, name: string, value: number) => post('orders/add', { ServiceId: stay, AccountId: accountId, Items: [{ Name: name, UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: value } }] });
  const pay = (accountId: string, value: number, extra: Record<string, unknown> = {}) => post('payments/addExternal', { AccountId: accountId, Amount: { Currency: 'GBP', GrossValue: value, TaxCodes: [] }, Type: 'Cash', ...extra });
  const billsOf = async (accountId: string) => (await post('bills/getAll', { CustomerIds: [accountId], Limitation: { Count: 100 } })).Bills as Item[];

  beforeAll(async () => {
    t = await start({ now: '2025-12-02T08:00:00Z', deltaPushes: false, changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 10 } })).Services[0].Id;
  });
  afterAll(() => t.close());

  it('bills/close numbers and closes a paid bill; its items turn Closed and new ones go on a new open bill', async () => {
    const guest = await customer('Closer');
    await charge(guest, 'Dinner', 30);
    await pay(guest, 30);
    const [open] = await billsOf(guest);
    expect(open).toMatchObject({ State: 'Open', AccountId: guest, Number: null });
    const items = (await post('orderItems/getAll', { BillIds: [open.Id], Limitation: { Count: 10 } })).OrderItems;
    expect(items.map((i: Item) => i.AccountingState)).toEqual(['Open']);

    const closed = (await post('bills/close', { BillId: open.Id, Type: 'Receipt', Notes: { Value: 'Thank you' } })).Bills[0];
    expect(closed).toMatchObject({ Id: open.Id, State: 'Closed', Type: 'Receipt', Notes: 'Thank you', CounterId: expect.any(String), IssuedUtc: '2025-12-02T08:00:00Z', PaidUtc: '2025-12-02T08:00:00Z' });
    expect(closed.Number).toMatch(/^\d+$/);
    expect(closed.OwnerData).toMatchObject({ Discriminator: 'BillCustomerData', Value: { Id: guest, LastName: 'Closer' } });
    expect((await post('bills/getAll', { BillIds: [open.Id], Limitation: { Count: 10 } })).Bills[0]).toMatchObject({ State: 'Closed', Number: closed.Number });
    const after = (await post('orderItems/getAll', { BillIds: [open.Id], Limitation: { Count: 10 } })).OrderItems;
    expect(after).toEqual([expect.objectContaining({ Id: items[0].Id, AccountingState: 'Closed', ClosedUtc: '2025-12-02T08:00:00Z' })]);
    expect((await post('orderItems/getAll', { ClosedUtc: today, AccountIds: [guest], Limitation: { Count: 10 } })).OrderItems.map((i: Item) => i.Id)).toEqual([items[0].Id]);
    expect((await post('payments/getAll', { AccountIds: [guest], Limitation: { Count: 10 } })).Payments[0]).toMatchObject({ BillId: open.Id, AccountingState: 'Closed' });
    const counter = (await post('counters/getAll', { CounterIds: [closed.CounterId], Limitation: { Count: 10 } })).Counters[0];
    expect(counter).toMatchObject({ Type: 'BillCounter', IsDefault: true, Value: Number(closed.Number) });

    expect(await fail('bills/close', { BillId: open.Id, Type: 'Receipt' }, 403)).toMatch(/already closed/);
    await charge(guest, 'Breakfast', 12);
    const bills = await billsOf(guest);
    const next = bills.find((b) => b.State === 'Open')!;
    expect(next.Id).not.toBe(open.Id);
    expect(await fail('bills/close', { BillId: next.Id, Type: 'Receipt' }, 403)).toMatch(/balance of 12/);
    expect(await fail('bills/close', { BillId: next.Id, Type: 'Receipt', DueDate: { Value: '2025-12-20' } }, 400)).toBe('Invalid DueDate: it can be used only with Type Invoice.');
    const invoice = (await post('bills/close', { BillId: next.Id, Type: 'Invoice', DueDate: { Value: '2025-12-20' }, VariableSymbol: { Value: '7781' } })).Bills[0];
    expect(invoice).toMatchObject({ State: 'Closed', Type: 'Invoice', PaidUtc: null, VariableSymbol: '7781', Number: String(Number(closed.Number) + 1) });
    expect(invoice.DueUtc).toMatch(/^2025-12-(19|20)T/);
    expect(await fail('bills/close', { BillId: 'no-such-bill', Type: 'Receipt' }, 400)).toBe('Invalid BillId: no bill no-such-bill.');
  });

  it('bills/add, update and delete: an empty bill is listed, changed and removed; a bill with items is not deleted', async () => {
    const guest = await customer('Splitter');
    const other = await customer('Associate');
    const added = (await post('bills/add', { Bills: [{ AccountId: guest, Name: 'Extras' }] })).Bills[0];
    expect(added).toMatchObject({ AccountId: guest, Name: 'Extras', State: 'Open', AssociatedAccountIds: [] });
    expect((await billsOf(guest)).map((b) => b.Id)).toEqual([added.Id]);
    const updated = (await post('bills/update', { BillsUpdates: [{ BillId: added.Id, AssociatedAccountIds: { Value: [other] } }] })).Bills[0];
    expect(updated.AssociatedAccountIds).toEqual([other]);
    expect((await post('bills/getAll', { BillIds: [added.Id], Limitation: { Count: 1 } })).Bills[0].AssociatedAccountIds).toEqual([other]);
    expect(await fail('bills/update', { BillsUpdates: [{ BillId: added.Id, AccountId: { Value: 'nobody' } }] }, 400)).toBe('Invalid BillsUpdates[0].AccountId: no customer or company nobody.');
    await post('bills/delete', { BillIds: [added.Id] });
    expect(await billsOf(guest)).toEqual([]);
    expect(await fail('bills/delete', { BillIds: [added.Id] }, 400)).toBe(`Invalid BillIds[0]: no bill ${added.Id}.`);

    const paidOn = (await post('bills/add', { Bills: [{ AccountId: guest, Name: 'Deposits' }] })).Bills[0];
    const payment = (await pay(guest, 10, { BillId: paidOn.Id })).ExternalPaymentId;
    expect((await post('payments/getAll', { PaymentIds: [payment], Limitation: { Count: 1 } })).Payments[0].BillId).toBe(paidOn.Id);
    expect(await fail('bills/delete', { BillIds: [paidOn.Id] }, 403)).toMatch(/not empty/);
    await post('bills/close', { BillId: paidOn.Id, Type: 'Invoice' });
    expect(await fail('payments/addExternal', { AccountId: guest, BillId: paidOn.Id, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] }, Type: 'Cash' }, 400)).toBe(`Invalid BillId: no open bill ${paidOn.Id} of the account.`);

    await charge(guest, 'Spa', 40);
    const withItems = (await billsOf(guest)).find((b) => b.State === 'Open')!;
    expect(await fail('bills/delete', { BillIds: [withItems.Id] }, 403)).toMatch(/not empty/);
    // Given to another account, the bill goes with its items; the guest's next charge opens a new bill.
    await post('bills/update', { BillsUpdates: [{ BillId: withItems.Id, AccountId: { Value: other } }] });
    expect((await billsOf(other)).map((b) => b.Id)).toEqual([withItems.Id]);
    await charge(guest, 'Tea', 4);
    const fresh = (await billsOf(guest)).find((b) => b.State === 'Open')!;
    expect(fresh.Id).not.toBe(withItems.Id);
    const closedBill = (await post('bills/close', { BillId: fresh.Id, Type: 'Invoice' })).Bills[0];
    expect(await fail('bills/update', { BillsUpdates: [{ BillId: closedBill.Id, AssociatedAccountIds: { Value: [] } }] }, 403)).toMatch(/closed/);
  });

  it('accountingItems: getAll lists the world\u2019s order items and payments; update moves an open item to another bill', async () => {
    const guest = await customer('Mover');
    const order = await charge(guest, 'Minibar', 9);
    const payment = (await pay(guest, 5)).ExternalPaymentId;
    const [item] = (await post('orderItems/getAll', { ServiceOrderIds: [order.OrderId], Limitation: { Count: 10 } })).OrderItems;
    const listed = await post('accountingItems/getAll', { ItemIds: [item.Id, payment], Extent: { OrderItems: true, PaymentItems: true, CreditCardTransactions: false } });
    expect(listed.OrderItems).toEqual([expect.objectContaining({ Id: item.Id, OrderId: order.OrderId, BillId: item.BillId, AccountingState: 'Open', Amount: expect.objectContaining({ GrossValue: 9 }) })]);
    expect(listed.PaymentItems).toEqual([expect.objectContaining({ Id: payment, BillId: item.BillId, State: 'Charged', Amount: expect.objectContaining({ GrossValue: -5 }), Data: { Discriminator: 'Cash', Value: null } })]);
    expect(listed.CreditCardTransactions).toBeNull();
    const eur = await post('accountingItems/getAll', { ItemIds: [item.Id], Currency: 'EUR', Extent: { OrderItems: true, PaymentItems: false, CreditCardTransactions: false } });
    expect(eur.OrderItems[0].Amount.Currency).toBe('EUR');
    expect(eur.OrderItems[0].Amount.GrossValue).toBeCloseTo(9 / 0.85, 2);
    expect(await fail('accountingItems/getAll', { Extent: { OrderItems: true, PaymentItems: true, CreditCardTransactions: false } }, 400)).toMatch(/^Invalid ItemIds: /);

    const target = (await post('bills/add', { Bills: [{ AccountId: guest, Name: 'Company costs' }] })).Bills[0];
    const moved = await post('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: item.Id, BillId: { Value: target.Id } }] });
    expect(moved.OrderItems).toEqual([expect.objectContaining({ Id: item.Id, BillId: target.Id })]);
    expect((await post('orderItems/getAll', { BillIds: [target.Id], Limitation: { Count: 10 } })).OrderItems.map((i: Item) => i.Id)).toEqual([item.Id]);
    const withItems = (await post('bills/getAll', { BillIds: [target.Id], Extent: { Items: true }, Limitation: { Count: 10 } })).Bills[0];
    expect(withItems.OrderItems.map((i: Item) => i.Id)).toEqual([item.Id]);
    expect(await fail('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: payment, BillId: { Value: target.Id } }] }, 400)).toBe(`Invalid AccountingItemUpdates[0].AccountingItemId: only Pending payments can be moved; ${payment} is Charged.`);
    const stranger = await customer('Stranger');
    const theirs = (await post('bills/add', { Bills: [{ AccountId: stranger }] })).Bills[0];
    expect(await fail('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: item.Id, BillId: { Value: theirs.Id } }] }, 400)).toMatch(/^Invalid AccountingItemUpdates\[0\]\.AccountId: /);
    await post('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: item.Id, AccountId: { Value: stranger }, BillId: { Value: theirs.Id } }] });
    expect((await post('orderItems/getAll', { OrderItemIds: [item.Id], Limitation: { Count: 1 } })).OrderItems[0]).toMatchObject({ AccountId: stranger, BillId: theirs.Id });
  });

  it('bills/getPdf answers a valid PDF of the bill, and counts prints against the weekly quota', async () => {
    const guest = await customer('Printer');
    await charge(guest, 'Laundry', 15);
    const [bill] = await billsOf(guest);
    const r = await post('bills/getPdf', { BillId: bill.Id, PdfTemplate: 'Consumption' });
    expect(r).toMatchObject({ BillId: bill.Id, Result: { Discriminator: 'BillPdfFile', Value: { Base64Data: expect.any(String) } } });
    const pdf = checkPdf(r.Result.Value.Base64Data);
    expect(pdf).toContain('(Bill \\(open\\)) Tj');
    expect(pdf).toContain('Laundry');
    expect(pdf).toContain('Balance: 15.00 GBP');
    expect(await fail('bills/getPdf', { BillId: bill.Id, BillPrintEventId: 'never-issued' }, 400)).toBe('Invalid BillPrintEventId: no bill print event never-issued.');
    for (let i = 1; i < 30; i++) await post('bills/getPdf', { BillId: bill.Id });
    expect(await fail('bills/getPdf', { BillId: bill.Id }, 403)).toMatch(/30 times/);
  });

  it('ledger balances move with what is charged and paid; cash payments are cashier transactions', async () => {
    const guest = await customer('Ledger');
    const ledgers = async () => {
      const r = await post('ledgerBalances/getAll', { Date: { Start: '2025-12-02', End: '2025-12-02' }, LedgerTypes: ['Revenue', 'Tax', 'Payment', 'Guest'], Limitation: { Count: 10 } });
      return Object.fromEntries(r.LedgerBalances.map((b: { LedgerType: string; ClosingBalance: { GrossValue: number; NetValue: number } }) => [b.LedgerType, b.ClosingBalance]));
    };
    const before = await ledgers();
    await charge(guest, 'Massage', 60);
    const payment = (await pay(guest, 25)).ExternalPaymentId;
    const after = await ledgers();
    expect(after.Revenue.GrossValue - before.Revenue.GrossValue).toBeCloseTo(60, 2);
    expect(after.Revenue.NetValue - before.Revenue.NetValue).toBeCloseTo(after.Revenue.NetValue - before.Revenue.NetValue, 2);
    expect(after.Tax.GrossValue - before.Tax.GrossValue).toBeCloseTo(60 - (after.Revenue.NetValue - before.Revenue.NetValue), 2);
    expect(after.Payment.GrossValue - before.Payment.GrossValue).toBeCloseTo(25, 2);
    expect(after.Guest.GrossValue - before.Guest.GrossValue).toBeCloseTo(35, 2);
    const [bill] = await billsOf(guest);
    await post('bills/close', { BillId: bill.Id, Type: 'Invoice' });
    expect((await ledgers()).Guest.GrossValue - after.Guest.GrossValue).toBeCloseTo(-35, 2);
    expect(await fail('ledgerBalances/getAll', { Date: { Start: '2025-12-01', End: '2026-01-05' }, LedgerTypes: ['Revenue'], Limitation: { Count: 10 } }, 400)).toBe('Invalid Date: the interval is longer than the maximum of 1 month.');
    const paged = await post('ledgerBalances/getAll', { Date: { Start: '2025-11-20', End: '2025-12-02' }, LedgerTypes: ['Revenue', 'Guest'], Limitation: { Count: 5 } });
    expect(paged.LedgerBalances).toHaveLength(5);
    const rest = await post('ledgerBalances/getAll', { Date: { Start: '2025-11-20', End: '2025-12-02' }, LedgerTypes: ['Revenue', 'Guest'], Limitation: { Count: 100, Cursor: paged.Cursor } });
    expect(rest.LedgerBalances).toHaveLength(26 - 5);

    const cashier = (await post('cashiers/getAll', { Limitation: { Count: 10 } })).Cashiers[0];
    expect(cashier).toMatchObject({ IsActive: true, Name: 'Reception' });
    const transactions = (await post('cashierTransactions/getAll', { CreatedUtc: today, Limitation: { Count: 100 } })).CashierTransactions;
    expect(transactions).toContainEqual(expect.objectContaining({ CashierId: cashier.Id, PaymentId: payment, Type: 'CashIn', Amount: expect.objectContaining({ Currency: 'GBP', Value: 25 }) }));
    const rates = (await post('exchangeRates/getAll')).ExchangeRates;
    expect(rates).toContainEqual(expect.objectContaining({ SourceCurrency: 'EUR', TargetCurrency: 'GBP', Value: 0.85 }));
    expect(await post('fiscalMachineCommands/getAll', { CommandIds: ['any'], Limitation: { Count: 10 } })).toEqual({ Commands: [], Cursor: null });
    expect(await fail('fiscalMachineCommands/getAll', { DeviceIds: ['printer'], States: ['Pending'], UpdatedUtc: today, Limitation: { Count: 10 } }, 400)).toMatch(/^Invalid DeviceIds\[0\]: /);
    const machine = ((await post('devices/getAll', {})).Devices as { Id: string; Type: string }[]).find((d) => d.Type === 'FiscalMachine')!.Id;
    expect(await post('fiscalMachineCommands/getAll', { DeviceIds: [machine], States: ['Pending'], UpdatedUtc: today, Limitation: { Count: 10 } })).toEqual({ Commands: [], Cursor: null });
  });

  it('outletBills/add keeps the bills that outletItems/getAll lists', async () => {
    const [outlet] = (await post('outlets/getAll', { Limitation: { Count: 10 } })).Outlets;
    const added = await post('outletBills/add', {
      Bills: [{ OutletId: outlet.Id, Number: 'R-17', ClosedUtc: '2025-12-02T07:30:00Z', Items: [
        { Name: 'Soup', UnitCount: 2, UnitAmount: { Currency: 'GBP', GrossValue: 6, TaxCodes: [] }, ConsumedUtc: '2025-12-02T07:00:00Z', Type: 'Revenue' },
        { Name: 'Cash', UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: -12, TaxCodes: [] }, ConsumedUtc: '2025-12-02T07:30:00Z', Type: 'Payment' },
      ] }],
    });
    expect(added.OutletBillIds).toHaveLength(1);
    const listed = await post('outletItems/getAll', { ClosedUtc: today, Limitation: { Count: 10 } });
    expect(listed.OutletItems.map((i: Item) => [i.Name, i.BillId, i.UnitCount])).toEqual([['Cash', added.OutletBillIds[0], 1], ['Soup', added.OutletBillIds[0], 2]]);
    expect(listed.OutletBills).toEqual([expect.objectContaining({ Id: added.OutletBillIds[0], OutletId: outlet.Id, Number: 'R-17', ClosedUtc: '2025-12-02T07:30:00Z' })]);
    expect(await fail('outletBills/add', { Bills: [{ OutletId: 'nowhere', Number: '1', ClosedUtc: '2025-12-02T07:30:00Z', Items: [] }] }, 400)).toBe('Invalid Bills[0].OutletId: no outlet nowhere.');
    expect(await fail('outletItems/getAll', { Limitation: { Count: 10 } }, 400)).toMatch(/^Invalid ConsumedUtc: /);
  });

  it('exports/add makes a job that runs as it is polled, and whose files are data: URLs of JSON Lines', async () => {
    const guest = await customer('Exporter');
    const order = await charge(guest, 'Souvenir', 8);
    const added = (await post('exports/add', { EntityType: 'OrderItem' })).Export;
    expect(added).toMatchObject({ Status: 'Pending', EntityType: 'OrderItem', Files: [], ExpiresUtc: null });
    expect(await fail('exports/add', { EntityType: 'OrderItem' }, 403)).toMatch(/already pending/);
    expect((await post('exports/getAll', { ExportIds: [added.Id] })).Exports[0].Status).toBe('Processing');
    const done = (await post('exports/getAll', { ExportIds: [added.Id] })).Exports[0];
    expect(done.Status).toBe('Success');
    expect(done.ExpiresUtc).toBe('2025-12-09T08:00:00Z');
    expect(done.Files.length).toBeGreaterThanOrEqual(1);
    const lines = done.Files.flatMap((f: { Url: string; SizeInBytes: number }) => {
      const [head, data] = f.Url.split(',');
      expect(head).toBe('data:application/jsonl;base64');
      const text = Buffer.from(data, 'base64');
      expect(text.length).toBe(f.SizeInBytes);
      return text.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    });
    expect(lines).toContainEqual(expect.objectContaining({ ServiceOrderId: order.OrderId, BillingName: 'Souvenir' }));
    expect(await fail('exports/add', { EntityType: 'LedgerEntry' }, 400)).toBe('Invalid Filters.LedgerEntryFilters: it is required for EntityType LedgerEntry.');
    expect(await fail('exports/add', { EntityType: 'Payment', Filters: { UpdatedUtc: { StartUtc: '2025-12-01T00:00:00Z', EndUtc: '2025-12-02T08:00:00Z' } } }, 400)).toBe('Invalid Filters.UpdatedUtc: EndUtc must be at least 5 minutes in the past.');
    const ledger = (await post('exports/add', { EntityType: 'LedgerEntry', Filters: { LedgerEntryFilters: { Posting: { Start: '2025-12-02', End: '2025-12-02' } } } })).Export;
    await post('exports/getAll', { ExportIds: [ledger.Id] });
    const entries = (await post('exports/getAll', { ExportIds: [ledger.Id] })).Exports[0].Files.flatMap((f: { Url: string }) => Buffer.from(f.Url.split(',')[1], 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l)));
    expect(entries.filter((e: Item) => e.AccountId === guest).map((e: Item) => [e.LedgerType, e.LedgerEntryType])).toEqual(expect.arrayContaining([['Revenue', 'Credit'], ['Tax', 'Credit'], ['Guest', 'Debit']]));
    await t.request('POST', '/_sim/clock', { advanceDays: 8 });
    expect((await post('exports/getAll', { ExportIds: [added.Id] })).Exports[0]).toMatchObject({ Status: 'Expired', Files: [] });
    expect((await t.request('POST', '/_sim/clock', { now: '2025-12-02T08:00:00Z' })).status).toBe(200);
  });

  it('billing automations: add, update, assignments, payment plan and delete', async () => {
    const company = (await post('companies/add', { Name: 'Automated Ltd', Options: { Invoiceable: true, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } })).Companies[0].Id;
    const routed = { SpaceOrder: true, CityTax: false, AllProducts: false, Deposits: false, AdditionalExpenses: false, AllCustomItems: true };
    const automation = (await post('billingAutomations/add', { BillingAutomations: [{ Name: 'Company stays', CompaniesWithRelations: [{ CompanyId: company, CompanyRelations: { PartnerCompany: true, TravelAgency: false } }], Prepayment: 'All', AssignmentTargetType: 'CompanyAsOwner', TriggerType: 'Continuous', BillAggregationType: 'AggregateAll', Assignments: [{ ServiceId: stay, RoutedItemTypes: routed }] }] })).BillingAutomations[0];
    expect(automation).toMatchObject({ Name: 'Company stays', Assignments: [expect.objectContaining({ ServiceId: stay, BillingAutomationId: automation.Id })] });
    expect((await post('billingAutomations/getAll', { CompanyIds: [company], Limitation: { Count: 10 } })).BillingAutomations.map((a: Item) => a.Id)).toEqual([automation.Id]);
    expect(await fail('billingAutomations/add', { BillingAutomations: [{ Name: 'Bad', Prepayment: 'All', AssignmentTargetType: 'NoCompany', TriggerType: 'Continuous', BillAggregationType: 'AggregateAll', Assignments: [{ ServiceId: stay, RoutedItemTypes: routed }] }] }, 400)).toBe('Invalid BillingAutomations[0].BillAggregationType: it must be AggregateByCustomer when AssignmentTargetType is NoCompany.');
    expect(await fail('billingAutomations/add', { BillingAutomations: [{ Name: 'Bad', Prepayment: 'All', AssignmentTargetType: 'CompanyAsOwner', TriggerType: 'Continuous', BillAggregationType: 'AggregateAll', Assignments: [{ ServiceId: 'nowhere', RoutedItemTypes: routed }] }] }, 400)).toBe('Invalid BillingAutomations[0].Assignments[0].ServiceId: no service nowhere.');

    const renamed = (await post('billingAutomations/update', { BillingAutomationUpdates: [{ BillingAutomationId: automation.Id, Name: { Value: 'All company stays' }, Description: { Value: 'Nights to the company' } }] })).BillingAutomations[0];
    expect(renamed).toMatchObject({ Name: 'All company stays', Description: 'Nights to the company' });
    const changed = await post('billingAutomations/updateAssignments', {
      BillingAutomationId: automation.Id,
      AssignmentsToAdd: [{ ServiceId: stay, RoutedItemTypes: { ...routed, AllProducts: true } }],
      AssignmentsToUpdate: [{ BillingAutomationAssignmentId: automation.Assignments[0].Id, RoutedItemTypes: { CityTax: { Value: true } } }],
    });
    expect(changed.BillingAutomationId).toBe(automation.Id);
    const [listed] = (await post('billingAutomations/getAll', { BillingAutomationIds: [automation.Id], Limitation: { Count: 10 } })).BillingAutomations;
    expect(listed.Assignments).toHaveLength(2);
    expect(listed.Assignments[0].RoutedItemTypes.CityTax).toBe(true);
    await post('billingAutomations/updateAssignments', { BillingAutomationId: automation.Id, AssignmentIdsToRemove: [automation.Assignments[0].Id] });
    expect((await post('billingAutomations/getAll', { BillingAutomationIds: [automation.Id], Limitation: { Count: 10 } })).BillingAutomations[0].Assignments).toHaveLength(1);

    const guest = await customer('Planner');
    const plan = await post('billingAutomationPaymentPlans/add', { BillingAutomationId: automation.Id, CustomerId: guest, Name: 'Monthly', PaymentOffsetDays: 3, PaymentRequest: { PaymentMethods: ['PaymentCard'], Message: 'Please pay', ExpirationDateUtc: '2025-12-20T00:00:00Z', SendEmail: false } });
    expect(plan.PaymentRequestUrl).toMatch(/^https:\/\/[a-z.-]+\.test\//);
    expect(await fail('billingAutomationPaymentPlans/add', { BillingAutomationId: automation.Id, CustomerId: guest, Name: 'Late', PaymentOffsetDays: 3, PaymentRequest: { PaymentMethods: ['PaymentCard'], Message: 'Pay', ExpirationDateUtc: '2026-02-20T00:00:00Z', SendEmail: false } }, 400)).toMatch(/^Invalid PaymentRequest\.ExpirationDateUtc: /);

    await post('billingAutomations/delete', { BillingAutomationIds: [automation.Id] });
    expect((await post('billingAutomations/getAll', { BillingAutomationIds: [automation.Id], Limitation: { Count: 10 } })).BillingAutomations).toEqual([]);
    expect(await fail('billingAutomationPaymentPlans/add', { BillingAutomationId: automation.Id, CustomerId: guest, Name: 'Gone', PaymentOffsetDays: 3, PaymentRequest: { PaymentMethods: ['PaymentCard'], Message: 'Pay', ExpirationDateUtc: '2025-12-20T00:00:00Z', SendEmail: false } }, 400)).toBe(`Invalid BillingAutomationId: no billing automation ${automation.Id}.`);
  });

  it('routing rules: add, update and delete show in routingRules/getAll', async () => {
    const company = (await post('companies/add', { Name: 'Routed Ltd', Options: { Invoiceable: true, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } })).Companies[0].Id;
    const rule = (await post('routingRules/add', { RoutingRules: [{ CompanyId: company, ServiceId: stay, CompanyRelation: 'PartnerCompany', Applicability: 'Always', RouteType: 'AllStayItems' }] })).RoutingRules[0];
    expect(rule).toMatchObject({ CompanyId: company, ServiceId: stay, RouteType: 'AllStayItems', SelectedStayItems: null });
    await post('routingRules/update', { RoutingRuleUpdates: [{ RoutingRuleId: rule.Id, RouteType: 'SelectedStayItems', SelectedStayItems: { Nights: { Value: true } } }] });
    const [listed] = (await post('routingRules/getAll', { CompanyIds: [company], Limitation: { Count: 10 } })).RoutingRules;
    expect(listed).toMatchObject({ Id: rule.Id, RouteType: 'SelectedStayItems', SelectedStayItems: { Nights: true, CityTax: false, ProductCategoryIds: [] } });
    expect(await fail('routingRules/add', { RoutingRules: [{ CompanyId: company, ServiceId: stay, CompanyRelation: 'TravelAgency', Applicability: 'Always', RouteType: 'SelectedStayItems' }] }, 400)).toBe('Invalid RoutingRules[0].SelectedStayItems: it is required when RouteType is SelectedStayItems.');
    expect(await fail('routingRules/add', { RoutingRules: [{ CompanyId: 'nobody', ServiceId: stay, CompanyRelation: 'TravelAgency', Applicability: 'Always', RouteType: 'AllStayItems' }] }, 400)).toBe('Invalid RoutingRules[0].CompanyId: no company nobody.');
    await post('routingRules/delete', { RoutingRuleIds: [rule.Id] });
    expect((await post('routingRules/getAll', { CompanyIds: [company], Limitation: { Count: 10 } })).RoutingRules).toEqual([]);
  });
});

describe.each(TRANSPORTS)('Connector billing webhooks (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2025-12-02T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
    await t.request('PUT', '/_sim/webhooks', { url: `${partner.url}/hooks` });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('closing a bill is an update of its payments and orders', async () => {
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const guest = (await post('customers/add', { LastName: 'Hooked', OverwriteExisting: false })).Id;
    const order = await post('orders/add', { ServiceId: stay, AccountId: guest, Items: [{ Name: 'Wine', UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 20 } }] });
    const payment = (await post('payments/addExternal', { AccountId: guest, Amount: { Currency: 'GBP', GrossValue: 20, TaxCodes: [] }, Type: 'Cash' })).ExternalPaymentId;
    await t.sim.idle();
    await partner.waitFor('hooks');
    partner.calls.length = 0;
    const bill = (await post('bills/getAll', { CustomerIds: [guest], Limitation: { Count: 1 } })).Bills[0];
    await post('bills/close', { BillId: bill.Id, Type: 'Receipt' });
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toEqual(expect.arrayContaining([{ Discriminator: 'PaymentUpdated', Value: { Id: payment } }, { Discriminator: 'ServiceOrderUpdated', Value: { Id: order.OrderId } }]));
  });
});
