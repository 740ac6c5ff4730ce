import { operation } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { entities } from '../store.js';
import { amountParameterValue } from './billing.js';
import { accountingCategoryOf, customerOf, expirationOf, newCard, paymentEntity, reservationOf, storePayments } from './credit-cards.js';

/**
 * Payments Mews processes: a card payment taken on a terminal (payments/addCreditCard), alternative
 * payments (iDEAL, Apple Pay, ...) and refunds of either. Each is a payment of payments/getAll and
 * of the account's bill; a refund is a payment of its own, of the opposite sign.
 */

const CARD_TYPES = ['Visa', 'MasterCard', 'Amex', 'Discover', 'DinersClub', 'Jcb', 'EnRoute', 'Maestro', 'UnionPay'];

/** The obfuscated number as given: at most the first six and the last four digits, the rest `*`. */
function obfuscated(number: string): string {
  const value = number.replace(/[\s-]/g, '');
  const digits = value.replace(/\D/g, '').length;
  if (!/^[\d*]+$/.test(value) || digits > 10 || (digits > 4 && !/^\d{0,6}\*+\d{0,4}$/.test(value))) {
    throw invalidParameter('CreditCard.Number', 'only an obfuscated number is accepted: at most the first six and the last four digits, the rest replaced with *.');
  }
  return value;
}

export const addCreditCardPayment = operation('payments/addCreditCard', {
  handle(ctx) {
    const b = ctx.body;
    customerOf(ctx, b.CustomerId, 'CustomerId');
    const c = b.CreditCard;
    if (!CARD_TYPES.includes(c.Type)) throw invalidParameter('CreditCard.Type', `it must be one of ${CARD_TYPES.join(', ')}.`);
    if (!c.Name?.trim()) throw invalidParameter('CreditCard.Name', 'it must not be empty.');
    // The card holder's name is not kept: the Credit card table has no place for it.
    const card = newCard(ctx, {
      customerId: b.CustomerId,
      kind: 'Terminal',
      // EnRoute is no Credit card type of the card table.
      type: c.Type === 'EnRoute' ? null : c.Type,
      obfuscatedNumber: obfuscated(c.Number),
      expiration: expirationOf(c.Expiration, 'CreditCard.Expiration', 'MM/YYYY'),
    });
    const { value, currency } = amountParameterValue(ctx, b.Amount);
    if (value <= 0) throw invalidParameter('Amount.GrossValue', 'a payment must be positive.');
    const payment = paymentEntity(ctx, {
      accountId: b.CustomerId,
      value,
      currency,
      type: 'CreditCardPayment',
      data: { Discriminator: 'CreditCard', CreditCard: { CreditCardId: card.Id, Transaction: null } },
      reservationId: reservationOf(ctx, b.ReservationId),
      billId: b.BillId,
      accountingCategoryId: accountingCategoryOf(ctx, b.AccountingCategoryId),
      notes: b.Notes,
      identifier: b.ReceiptIdentifier,
    });
    entities(ctx.world).put('creditCards', card);
    storePayments(ctx, [payment]);
    return { CreditCardId: card.Id };
  },
});

export const addAlternativePayment = operation('payments/addAlternative', {
  handle(ctx) {
    const b = ctx.body;
    customerOf(ctx, b.CustomerId, 'CustomerId');
    const method: string = b.Data.Discriminator;
    if (method === 'Ideal' && !b.Data.Ideal?.RedirectUrl) throw invalidParameter('Data.Ideal', 'it is required when Discriminator is Ideal.');
    if (method === 'SepaDirectDebit' && !b.Data.SepaDirectDebit) throw invalidParameter('Data.SepaDirectDebit', 'it is required when Discriminator is SepaDirectDebit.');
    const { value, currency } = amountParameterValue(ctx, b.Amount);
    if (value <= 0) throw invalidParameter('Amount.GrossValue', 'a payment must be positive.');
    // iDEAL waits for the customer at the redirect; the other methods settle at once. Bank details
    // (IBAN, mandate) are not kept: the Payment table has no place for them.
    const redirect: string | undefined = method === 'Ideal' ? b.Data.Ideal.RedirectUrl : undefined;
    const payment = paymentEntity(ctx, {
      accountId: b.CustomerId,
      value,
      currency,
      type: 'AlternativePayment',
      data: { Discriminator: 'Alternative', Alternative: { Type: method } },
      reservationId: reservationOf(ctx, b.ReservationId),
      state: redirect ? 'Pending' : 'Charged',
    });
    storePayments(ctx, [payment]);
    return { PaymentId: payment.Id, NextAction: redirect ? { Discriminator: 'RedirectToUrl', Value: redirect } : null };
  },
});

const REFUNDABLE = ['CreditCardPayment', 'AlternativePayment'];

export const refundPayment = operation('payments/refund', {
  handle(ctx) {
    const b = ctx.body;
    const store = entities(ctx.world);
    const payment = store.get('payments', b.PaymentId);
    if (!payment || payment.EnterpriseId !== ctx.enterpriseId || payment.Kind === 'Refund') throw invalidParameter('PaymentId', `no payment ${b.PaymentId}.`);
    if (payment.AccountId !== b.AccountId) throw invalidParameter('AccountId', `the payment ${payment.Id} belongs to another account.`);
    if (!REFUNDABLE.includes(payment.Type as string)) throw new ConnectorError(403, `Only a CreditCardPayment or AlternativePayment can be refunded; ${payment.Id} is a ${payment.Type}.`);
    if (payment.State !== 'Charged') throw new ConnectorError(403, `Only a charged payment can be refunded; ${payment.Id} is ${payment.State}.`);
    if (!b.Reason.trim()) throw invalidParameter('Reason', 'it must not be empty.');
    const paid = (payment.Amount as { GrossValue: number }).GrossValue;
    const refunded = store
      .list('payments')
      .filter((p) => p.Kind === 'Refund' && (p.Data as { RefundedPaymentId?: string }).RefundedPaymentId === payment.Id)
      .reduce((sum, p) => sum - (p.Amount as { GrossValue: number }).GrossValue, 0);
    const left = Math.round((paid - refunded) * 100) / 100;
    const value = b.ValueToRefund ?? left;
    if (!(value > 0) || value > left) throw invalidParameter('ValueToRefund', `it must be more than 0 and at most ${left}, what is left to refund.`);
    const currency = (payment.Amount as { Currency: string }).Currency;
    const refund = paymentEntity(ctx, {
      accountId: payment.AccountId as string,
      value: -value,
      currency,
      type: payment.Type as string,
      data: { ...(payment.Data as object), RefundedPaymentId: payment.Id },
      reservationId: payment.ReservationId as string | null,
      accountingCategoryId: payment.AccountingCategoryId as string | null,
      notes: b.Reason,
      kind: 'Refund',
    });
    storePayments(ctx, [refund]);
    return { PaymentId: payment.Id, RefundId: refund.Id, Type: payment.Type, Amount: { Currency: currency, Value: value }, State: refund.State };
  },
});
