import { getAll, operation, stored, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { entities, type Entity } from '../store.js';
import { accountType } from './account-type.js';
import { paymentAmount, paymentCurrency } from './billing.js';
import { customerOf, openBillNamed, reservationOf } from './credit-cards.js';

/**
 * Payment requests (a customer is asked to pay or to preauthorize) and payment method requests (an
 * account is asked for a card or a mandate). A pending request past its expiration reads as Expired.
 */

const stateOf = (ctx: Ctx, r: Entity) => (r.State === 'Pending' && Date.parse(r.ExpirationUtc as string) <= ctx.world.clock.now().getTime() ? 'Expired' : r.State);
const requests = (ctx: Ctx) => stored('paymentRequests')(ctx).map((r) => ({ ...r, State: stateOf(ctx, r) }));

function future(ctx: Ctx, value: string, at: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(at, 'an ISO 8601 date-time is expected.');
  if (t <= ctx.world.clock.now().getTime()) throw invalidParameter(at, 'it must be in the future.');
  return value;
}

export const getAllPaymentRequests = getAll('paymentRequests/getAll', {
  collection: 'PaymentRequests',
  items: requests,
  filters: { PaymentRequestIds: 'Id', AccountIds: 'AccountId', ReservationIds: 'ReservationId', States: 'State', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  oneOf: [['PaymentRequestIds', 'AccountIds', 'ReservationIds', 'UpdatedUtc']],
});

export const addPaymentRequests = operation('paymentRequests/add', {
  handle(ctx) {
    const built = (ctx.body.PaymentRequests as Body[]).map((p, i): Entity => {
      const at = `PaymentRequests[${i}]`;
      customerOf(ctx, p.AccountId, `${at}.AccountId`);
      const currency = paymentCurrency(ctx, p.Amount.Currency, `${at}.Amount.Currency`);
      if (!(p.Amount.Value > 0)) throw invalidParameter(`${at}.Amount.Value`, 'it must be positive.');
      if (!p.Description.trim()) throw invalidParameter(`${at}.Description`, 'it must not be empty.');
      const reservationId = reservationOf(ctx, p.ReservationId, `${at}.ReservationId`);
      if (p.BillId) openBillNamed(ctx, p.AccountId, p.BillId, `${at}.BillId`);
      return {
        Id: ctx.world.state.uuid(),
        EnterpriseId: ctx.enterpriseId,
        AccountId: p.AccountId,
        CustomerId: p.AccountId,
        ReservationGroupId: reservationId ? (ctx.world.state.reservations.get(reservationId)?.groupId ?? null) : null,
        ReservationId: reservationId,
        State: 'Pending',
        Amount: paymentAmount(ctx, p.Amount.Value, currency),
        Type: p.Type,
        Reason: p.Reason,
        ExpirationUtc: future(ctx, p.ExpirationUtc, `${at}.ExpirationUtc`),
        Description: p.Description,
        Notes: p.Notes ?? null,
        CreatedUtc: ctx.now,
        UpdatedUtc: ctx.now,
      };
    });
    for (const r of built) entities(ctx.world).put('paymentRequests', r);
    return { PaymentRequests: built };
  },
});

export const cancelPaymentRequests = operation('paymentRequests/cancel', {
  handle(ctx) {
    const mine = new Map(requests(ctx).map((r) => [r.Id, r]));
    const found = (ctx.body.PaymentRequestIds as string[]).map((id, i) => {
      const r = mine.get(id);
      if (!r) throw invalidParameter(`PaymentRequestIds[${i}]`, `no payment request ${id}.`);
      if (r.State !== 'Pending') throw new ConnectorError(403, `Only a pending payment request can be canceled; ${id} is ${r.State}.`);
      return r;
    });
    const canceled = found.map((r) => entities(ctx.world).put('paymentRequests', { ...r, State: 'Canceled', UpdatedUtc: ctx.now }));
    return { PaymentRequests: canceled };
  },
});

export const addPaymentMethodRequest = operation('paymentMethodRequests/add', {
  handle(ctx) {
    const b = ctx.body;
    const type = accountType(ctx, b.AccountId, 'AccountId');
    if (!b.Description.trim()) throw invalidParameter('Description', 'it must not be empty.');
    if (!b.PaymentMethods.length) throw invalidParameter('PaymentMethods', 'at least one payment method is required.');
    const email = b.Email ?? (type === 'Customer' ? ctx.world.state.customers.get(b.AccountId)?.email : null) ?? null;
    const sends = b.EmailsToSend ?? ['PaymentMethodRequestAdded'];
    if (sends.length && !email) throw invalidParameter('Email', 'the account has no email to send the request to.');
    const request: Entity = {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      AccountId: b.AccountId,
      AccountType: type,
      ExpirationUtc: future(ctx, b.ExpirationUtc, 'ExpirationUtc'),
      Description: b.Description,
      Notes: b.Notes ?? null,
      PaymentMethods: b.PaymentMethods,
      Email: email,
      EmailsToSend: sends,
      CreatedUtc: ctx.now,
    };
    entities(ctx.world).put('paymentMethodRequests', request);
    return { PaymentMethodRequestId: request.Id };
  },
});
