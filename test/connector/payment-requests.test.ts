import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'payment request tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** Payment requests and payment method requests: what add and cancel change is what getAll shows; a pending request past its expiration reads as Expired. */
describe.each(TRANSPORTS)('Connector payment requests (%s)', (_name, start) => {
  let t: Transport;
  let customer: string;
  let reservation: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };
  const request = (over: Record<string, unknown> = {}) => ({ AccountId: customer, Amount: { Currency: 'GBP', Value: 80 }, Type: 'Payment', Reason: 'Prepayment', ExpirationUtc: '2027-01-20T00:00:00Z', Description: 'Prepayment of the stay', ...over });

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    customer = (await post('customers/add', { LastName: 'Requested', Email: 'requested@example.com', OverwriteExisting: false })).Id;
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const category = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-02-01T15:00:00Z', EndUtc: '2027-02-03T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: category, RateId: rate }],
    });
    reservation = booked.Reservations[0].Reservation.Id;
  });
  afterAll(() => t.close());

  it('paymentRequests/add, getAll by account, reservation and state, cancel (only a pending one)', async () => {
    const [added] = (await post('paymentRequests/add', { PaymentRequests: [request({ ReservationId: reservation })], SendPaymentRequestEmails: false })).PaymentRequests;
    expect(added).toMatchObject({ AccountId: customer, ReservationId: reservation, State: 'Pending', Type: 'Payment', Reason: 'Prepayment', Amount: { Currency: 'GBP', GrossValue: 80 } });
    expect(added.ReservationGroupId).toEqual(expect.any(String));
    const byAccount = await post('paymentRequests/getAll', { AccountIds: [customer], Limitation: { Count: 10 } });
    expect(byAccount.PaymentRequests.map((r: Item) => r.Id)).toEqual([added.Id]);
    expect((await post('paymentRequests/getAll', { ReservationIds: [reservation], States: ['Pending'], Limitation: { Count: 10 } })).PaymentRequests).toHaveLength(1);
    const [canceled] = (await post('paymentRequests/cancel', { PaymentRequestIds: [added.Id] })).PaymentRequests;
    expect(canceled).toMatchObject({ Id: added.Id, State: 'Canceled' });
    expect((await post('paymentRequests/getAll', { PaymentRequestIds: [added.Id], Limitation: { Count: 10 } })).PaymentRequests[0].State).toBe('Canceled');
    expect(await fail('paymentRequests/cancel', { PaymentRequestIds: [added.Id] })).toEqual({ status: 403, message: `Only a pending payment request can be canceled; ${added.Id} is Canceled.` });
    expect(await fail('paymentRequests/cancel', { PaymentRequestIds: ['none'] })).toEqual({ status: 400, message: 'Invalid PaymentRequestIds[0]: no payment request none.' });
  });

  it('a pending request past its expiration is Expired and cannot be canceled', async () => {
    const [added] = (await post('paymentRequests/add', { PaymentRequests: [request({ ExpirationUtc: '2027-01-10T09:00:00Z', Type: 'Preauthorization', Reason: 'Deposit' })] })).PaymentRequests;
    await t.request('POST', '/_sim/clock', { advanceMs: 2 * 3600_000 });
    expect((await post('paymentRequests/getAll', { PaymentRequestIds: [added.Id], Limitation: { Count: 1 } })).PaymentRequests[0].State).toBe('Expired');
    expect((await fail('paymentRequests/cancel', { PaymentRequestIds: [added.Id] })).status).toBe(403);
  });

  it('refuses unknown accounts, currencies the enterprise has not enabled and past expirations, naming the parameter', async () => {
    expect(await fail('paymentRequests/add', { PaymentRequests: [request({ AccountId: 'nobody' })] })).toEqual({ status: 400, message: 'Invalid PaymentRequests[0].AccountId: no customer nobody.' });
    expect((await fail('paymentRequests/add', { PaymentRequests: [request({ Amount: { Currency: 'JPY', Value: 1 } })] })).message).toBe('Invalid PaymentRequests[0].Amount.Currency: the enterprise accepts payments in GBP, EUR, USD.');
    expect((await fail('paymentRequests/add', { PaymentRequests: [request({ ExpirationUtc: '2020-01-01T00:00:00Z' })] })).message).toBe('Invalid PaymentRequests[0].ExpirationUtc: it must be in the future.');
    expect((await fail('paymentRequests/add', { PaymentRequests: [request({ ReservationId: 'none' })] })).message).toBe('Invalid PaymentRequests[0].ReservationId: no reservation none.');
  });

  it('paymentMethodRequests/add for a customer or a company; an account without email needs one or no emails', async () => {
    const { PaymentMethodRequestId } = await post('paymentMethodRequests/add', { AccountId: customer, ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Card for the stay', PaymentMethods: ['PaymentCard'] });
    expect(PaymentMethodRequestId).toEqual(expect.any(String));
    const company = (await post('companies/add', { Name: 'Requesting Ltd', Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } })).Companies[0].Id;
    expect((await fail('paymentMethodRequests/add', { AccountId: company, ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Mandate', PaymentMethods: ['SepaDirectDebit'] })).message).toMatch(/^Invalid Email: /);
    await post('paymentMethodRequests/add', { AccountId: company, ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Mandate', PaymentMethods: ['SepaDirectDebit'], EmailsToSend: [] });
    expect(await fail('paymentMethodRequests/add', { AccountId: 'nobody', ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'x', PaymentMethods: ['PaymentCard'] })).toEqual({ status: 400, message: 'Invalid AccountId: no customer or company nobody.' });
  });
});
