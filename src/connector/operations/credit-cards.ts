import { getAll, operation, stored, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { openBillOf } from './bill-state.js';
import { amountParameterValue, bills, paymentAmount } from './billing.js';

/**
 * Credit cards of customers, and the payments made with them. Card data never enters the world: a
 * card is kept as the docs' Credit card table shows it (an obfuscated number at most), tokenized
 * cards carry no token here, and a charge is a payment like payments/addExternal's, so it shows in
 * payments/getAll and the owner's bill.
 */

/** A customer the Connector API knows; 400 naming the parameter otherwise. */
export function customerOf(ctx: Ctx, id: string, at: string): string {
  if (!ctx.world.state.customers.has(id)) throw invalidParameter(at, `no customer ${id}.`);
  return id;
}

/** A reservation of the enterprise (or none); 400 naming the parameter otherwise. */
export function reservationOf(ctx: Ctx, id: string | null | undefined, at = 'ReservationId'): string | null {
  if (!id) return null;
  const r = ctx.world.state.reservations.get(id);
  if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(at, `no reservation ${id}.`);
  return id;
}

/** A payment with the keys payments/addExternal stores, so bills and payments/getAll show it alike. */
/** The bill a payment of the account goes on: the one named, if it is an open bill of the account, or the account's open bill. */
export function openBillNamed(ctx: Ctx, accountId: string, billId: string | null | undefined, at: string): string {
  const open = openBillOf(ctx.world, ctx.property, accountId);
  if (!billId || billId === open) return open;
  if (!bills(ctx).some((b) => b.Id === billId && b.State === 'Open' && b.AccountId === accountId)) throw invalidParameter(at, `no open bill ${billId} of the account.`);
  return billId;
}

export function paymentEntity(ctx: Ctx, p: { accountId: string; value: number; currency?: string; type: string; data: Body; reservationId?: string | null; billId?: string | null; accountingCategoryId?: string | null; notes?: string | null; identifier?: string | null; state?: string; kind?: string }): Entity {
  const bill = openBillNamed(ctx, p.accountId, p.billId, 'BillId');
  const amount = paymentAmount(ctx, p.value, p.currency);
  const charged = (p.state ?? 'Charged') === 'Charged';
  return {
    Id: ctx.world.state.uuid(),
    EnterpriseId: ctx.enterpriseId,
    AccountId: p.accountId,
    AccountType: ctx.world.state.customers.has(p.accountId) ? 'Customer' : 'Company',
    PaymentRequestId: null,
    BillId: bill,
    ReservationId: p.reservationId ?? null,
    AccountingCategoryId: p.accountingCategoryId ?? modelOf(ctx.world, ctx.property).accountingCategoryIdByCode.get('PAY') ?? null,
    Amount: amount,
    OriginalAmount: amount,
    Notes: p.notes ?? null,
    SettlementId: null,
    ConsumedUtc: ctx.now,
    ClosedUtc: null,
    ChargedUtc: charged ? ctx.now : null,
    CreatedUtc: ctx.now,
    UpdatedUtc: ctx.now,
    SettlementUtc: ctx.now,
    AccountingState: 'Open',
    State: p.state ?? 'Charged',
    Identifier: p.identifier ?? null,
    Type: p.type,
    Kind: p.kind ?? 'Payment',
    Data: p.data,
    PaymentOrigin: 'Api',
  };
}

/** Stores payments and raises PaymentUpdated. */
export function storePayments(ctx: Ctx, payments: Entity[]): void {
  for (const p of payments) entities(ctx.world).put('payments', p);
  ctx.world.state.changed({ type: 'payment', propertyId: ctx.property.id, paymentIds: payments.map((p) => p.Id) });
}

/** An accounting category of the enterprise (or none); 400 naming the parameter otherwise. */
export function accountingCategoryOf(ctx: Ctx, id: string | null | undefined): string | null {
  if (!id) return null;
  if (![...modelOf(ctx.world, ctx.property).accountingCategoryIdByCode.values()].includes(id)) throw invalidParameter('AccountingCategoryId', `no accounting category ${id}.`);
  return id;
}

/** A yyyy-MM expiration (what requests give) as the MM/YYYY the Credit card table answers. */
export function expirationOf(value: string | null | undefined, at: string, format: 'yyyy-MM' | 'MM/YYYY'): string | null {
  if (!value) return null;
  const m = format === 'yyyy-MM' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value) : /^(0[1-9]|1[0-2])\/(\d{4})$/.exec(value);
  if (!m) throw invalidParameter(at, `an expiration in format ${format} is expected.`);
  return format === 'yyyy-MM' ? `${m[2]}/${m[1]}` : value;
}

export function cardOf(ctx: Ctx, id: string, at = 'CreditCardId'): Entity {
  const card = entities(ctx.world).get('creditCards', id);
  if (!card || card.EnterpriseId !== ctx.enterpriseId) throw invalidParameter(at, `no credit card ${id}.`);
  return card;
}

export const getAllCreditCards = getAll('creditCards/getAll', {
  collection: 'CreditCards',
  items: stored('creditCards'),
  filters: { CreditCardIds: 'Id', CustomerIds: 'CustomerId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  oneOf: [['CreditCardIds', 'CustomerIds', 'UpdatedUtc']],
});

/** A card as the Credit card table shows it. */
export function newCard(ctx: Ctx, c: { customerId: string; kind: 'Gateway' | 'Terminal'; type?: string | null; obfuscatedNumber?: string | null; expiration: string | null }): Entity {
  return {
    Id: ctx.world.state.uuid(),
    EnterpriseId: ctx.enterpriseId,
    CustomerId: c.customerId,
    IsActive: true,
    State: 'Enabled',
    Kind: c.kind,
    Format: 'Physical',
    Type: c.type ?? null,
    ObfuscatedNumber: c.obfuscatedNumber ?? null,
    Expiration: c.expiration,
    CreatedUtc: ctx.now,
    UpdatedUtc: ctx.now,
  };
}

export const addTokenizedCreditCard = operation('creditCards/addTokenized', {
  handle(ctx) {
    const b = ctx.body;
    customerOf(ctx, b.CustomerId, 'CustomerId');
    if (!b.CreditCardData.StorageData?.trim()) throw invalidParameter('CreditCardData.StorageData', 'it must not be empty.');
    // The PCI storage reference is not kept: nothing the Credit card table shows comes from it.
    const card = newCard(ctx, { customerId: b.CustomerId, kind: 'Gateway', expiration: expirationOf(b.CreditCardData.Expiration, 'CreditCardData.Expiration', 'yyyy-MM') });
    entities(ctx.world).put('creditCards', card);
    ctx.world.state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: [b.CustomerId], added: false });
    return { CreditCardId: card.Id };
  },
});

export const disableCreditCard = operation('creditCards/disable', {
  handle(ctx) {
    const card = cardOf(ctx, ctx.body.CreditCardId);
    if (card.Kind !== 'Gateway') throw new ConnectorError(403, 'Only gateway credit cards can be disabled.');
    if (card.State === 'Disabled') throw new ConnectorError(403, `The credit card ${card.Id} is disabled already.`);
    entities(ctx.world).put('creditCards', { ...card, State: 'Disabled', IsActive: false, UpdatedUtc: ctx.now });
    return {};
  },
});

export const chargeCreditCard = operation('creditCards/charge', {
  handle(ctx) {
    const b = ctx.body;
    const card = cardOf(ctx, b.CreditCardId);
    if (card.Kind !== 'Gateway') throw new ConnectorError(403, 'Only a gateway credit card can be charged.');
    if (card.State !== 'Enabled') throw new ConnectorError(403, `The credit card ${card.Id} is disabled.`);
    const { value, currency } = amountParameterValue(ctx, b.Amount);
    if (value <= 0) throw invalidParameter('Amount.GrossValue', 'a charge must be positive.');
    const payment = paymentEntity(ctx, {
      accountId: card.CustomerId as string,
      value,
      currency,
      type: 'CreditCardPayment',
      data: { Discriminator: 'CreditCard', CreditCard: { CreditCardId: card.Id, Transaction: null } },
      reservationId: reservationOf(ctx, b.ReservationId),
      accountingCategoryId: accountingCategoryOf(ctx, b.AccountingCategoryId),
      notes: b.Notes,
      identifier: b.ReceiptIdentifier,
    });
    storePayments(ctx, [payment]);
    return { PaymentId: payment.Id };
  },
});

// ---- preauthorizations ----

/** Preauthorizations of customers' cards: no operation of the API places one, so a world starts with none. */
export const getAllPreauthorizationsByCustomers = operation('preauthorizations/getAllByCustomers', {
  handle(ctx) {
    const ids = (ctx.body.CustomerIds as string[]).map((id, i) => customerOf(ctx, id, `CustomerIds[${i}]`));
    return { Preauthorizations: stored('preauthorizations')(ctx).filter((p) => ids.includes(p.CustomerId as string)) };
  },
});
