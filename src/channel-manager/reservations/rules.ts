import type { z } from 'zod';
import { dayOf, nightsBetween } from '../../engine/dates.js';
import type { Finding } from '../../journal/entry.js';
import { CmErrorCode, type CmErrorItem } from '../errors.js';
import type { ProcessGroupRequest } from '../schemas.js';
import { checkPaymentCard } from './cards.js';

export type GroupMessage = z.output<typeof ProcessGroupRequest>;
type Amount = { gross?: number | null; net?: number | null };

/** Age category codes the docs list for guestCounts. */
export const DOCUMENTED_AGE_CODES = ['Infant', 'Child', 'Teenager', 'Adult', 'SeniorCitizen'];

/** True when the message cancels the whole group: no reservations, or every one in state 3. */
export function isGroupCancellation(msg: GroupMessage): boolean {
  return !msg.reservations?.length || msg.reservations.every((r) => r.state === 3);
}

/**
 * Checks a processGroup message on its own (no world state): fields required except for
 * cancellations (code 6) and the business rules (code 7). Warnings become findings.
 */
export function checkGroupMessage(msg: GroupMessage, ctx: { nowMs: number; ageCodes: string[] }, findings: Finding[]): CmErrorItem[] {
  const errors: CmErrorItem[] = [];
  const missing = (field: string, why = 'required unless the message cancels the group') =>
    errors.push({ code: CmErrorCode.ValidationError, message: `Missing '${field}' (${why}).` });
  const rule = (message: string) => errors.push({ code: CmErrorCode.ProcessingError, message });
  const cancellation = isGroupCancellation(msg);

  if (!cancellation) {
    if (msg.currencyCode == null) missing('currencyCode');
    if (msg.totalAmount == null) missing('totalAmount');
    if (msg.paymentType == null) missing('paymentType');
    else if (![1, 2, 3].includes(msg.paymentType)) {
      errors.push({ code: CmErrorCode.ValidationError, message: `Invalid 'paymentType': ${msg.paymentType} is not a payment type (1 prepaid, 2 preauthorized, 3 on site).` });
    }
    if (msg.customer == null) missing('customer');
  }
  if (msg.paymentCard) errors.push(...checkPaymentCard(msg.paymentCard, ctx.nowMs, findings));

  const codes = new Set<string>();
  const validAges = new Set([...DOCUMENTED_AGE_CODES, ...ctx.ageCodes]);
  let sum = { gross: 0, net: 0, hasGross: false, hasNet: false };
  (msg.reservations ?? []).forEach((r, i) => {
    const at = `reservations[${i}]`;
    if (r.code === '_') errors.push({ code: CmErrorCode.ValidationError, message: `Invalid '${at}.code': "_" is the one value not accepted.` });
    if (codes.has(r.code)) rule(`${at}.code '${r.code}' is used by another reservation of the group; codes must be unique within the group.`);
    codes.add(r.code);
    if (r.guestCounts == null && r.adultCount == null) missing(`${at}.guestCounts`, 'required for every reservation');
    r.guestCounts?.forEach((g, j) => {
      if (!validAges.has(g.code)) {
        errors.push({ code: CmErrorCode.ValidationError, message: `Invalid '${at}.guestCounts[${j}].code': '${g.code}' is not an age category code (${[...validAges].join(', ')}).` });
      }
    });
    if (r.state === 3) return;
    for (const field of ['spaceTypeCode', 'ratePlanCode', 'from', 'to', 'totalAmount', 'amounts'] as const) {
      if (r[field] == null) missing(`${at}.${field}`, 'required unless the reservation is canceled');
    }
    const guests = (r.guestCounts ?? []).reduce((n, g) => n + g.count, 0) + (r.guestCounts ? 0 : (r.adultCount ?? 0) + (r.childCount ?? 0));
    if (guests < 1) rule(`${at} has no guests: guestCounts must count at least one person.`);
    if (r.from == null || r.to == null) return;
    const nights = nightsBetween(r.from, r.to);
    if (nights <= 0) {
      rule(`${at}: 'from' (${r.from}) must be before 'to' (${r.to}); 'to' is the departure date.`);
      return;
    }
    if (r.amounts && r.amounts.length !== nights) {
      rule(`${at}.amounts has ${r.amounts.length} entries but the stay from ${r.from} to ${r.to} has ${nights} night(s); send one amount per night.`);
    }
    r.amounts?.forEach((a, j) => {
      if ((a.gross ?? 0) < 0 || (a.net ?? 0) < 0) rule(`${at}.amounts[${j}] is negative; a night price cannot be below zero.`);
    });
    r.extras?.forEach((x, j) => {
      if (x.from != null && x.to != null) {
        if (dayOf(x.from) >= dayOf(x.to)) rule(`${at}.extras[${j}]: 'from' (${x.from}) must be before 'to' (${x.to}); they cannot be the same date.`);
        if (dayOf(x.from) < dayOf(r.from!) || dayOf(x.to) > dayOf(r.to!)) rule(`${at}.extras[${j}]: ${x.from}..${x.to} is outside the reservation's dates ${r.from}..${r.to}.`);
      }
      if (x.count < 1) rule(`${at}.extras[${j}].count must be at least 1.`);
    });
    if (r.totalAmount && r.amounts) {
      const parts = [...r.amounts, ...(r.extras ?? []).map((x) => x.amount)];
      for (const kind of ['gross', 'net'] as const) {
        if (r.totalAmount[kind] == null) continue;
        if (parts.some((p) => p[kind] == null)) continue;
        const expected = round2(parts.reduce((s, p) => s + (p[kind] ?? 0), 0));
        if (Math.abs(expected - r.totalAmount[kind]!) > 0.01 * parts.length) {
          rule(`${at}.totalAmount.${kind} is ${r.totalAmount[kind]} but its nights and extras add up to ${expected}.`);
        }
      }
      sum = add(sum, r.totalAmount);
    }
  });

  if (!cancellation && msg.totalAmount) {
    for (const kind of ['gross', 'net'] as const) {
      const given = msg.totalAmount[kind];
      const has = kind === 'gross' ? sum.hasGross : sum.hasNet;
      if (given == null || !has) continue;
      if (Math.abs(round2(sum[kind]) - given) > 0.01) {
        findings.push({ severity: 'warning', kind: 'group-total-mismatch', path: `totalAmount.${kind}`, message: `The group totalAmount.${kind} ${given} differs from the sum of the reservations (${round2(sum[kind])}); Mews spreads the difference over the nights.` });
      }
    }
  }
  amountKindFindings(msg, findings);
  sourceFindings(msg, findings);
  return errors;
}

function add(sum: { gross: number; net: number; hasGross: boolean; hasNet: boolean }, a: Amount) {
  return {
    gross: sum.gross + (a.gross ?? 0),
    net: sum.net + (a.net ?? 0),
    hasGross: sum.hasGross || a.gross != null,
    hasNet: sum.hasNet || a.net != null,
  };
}

/** Amounts should be gross, net or both, the same way throughout the group. */
function amountKindFindings(msg: GroupMessage, findings: Finding[]) {
  const kinds = new Set<string>();
  const note = (a: Amount | null | undefined) => a && kinds.add(`${a.gross != null ? 'gross' : ''}${a.net != null ? '+net' : ''}`);
  note(msg.totalAmount);
  for (const r of msg.reservations ?? []) {
    note(r.totalAmount);
    r.amounts?.forEach(note);
  }
  if (kinds.size > 1) {
    findings.push({ severity: 'warning', kind: 'mixed-amounts', message: `Amounts mix ${[...kinds].join(', ')}; send gross, net or both consistently.` });
  }
}

function sourceFindings(msg: GroupMessage, findings: Finding[]) {
  if (!msg.sources?.length) {
    if (msg.channel == null) findings.push({ severity: 'info', kind: 'no-source', message: 'The booking names no source (sources).' });
    return;
  }
  const primaries = msg.sources.filter((s) => s.isPrimary).length;
  if (primaries !== 1) findings.push({ severity: 'warning', kind: 'primary-source', path: 'sources', message: `Exactly one source should be primary; ${primaries} are.` });
  msg.sources.forEach((s, i) => {
    if (s.code == null) findings.push({ severity: 'info', kind: 'new-source', path: `sources[${i}]`, message: `Source '${s.name}' has no code: Mews adds it as a new channel.` });
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;
