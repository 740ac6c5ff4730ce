import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { billIdOf } from '../model.js';
import { routeOf } from './routing.js';

/**
 * Which bill each accounting item (order item or payment) is on. An item is on its account's open
 * bill unless bills/close, bills/update or accountingItems/update put it on another one; this book
 * keeps only those exceptions, so the items themselves stay where orders and payments keep them.
 */
export interface BillBook {
  /** Item id → the bill it was moved to or closed on. */
  pinned: Map<string, string>;
  /** Item id → the account it was moved to. */
  account: Map<string, string>;
  /** Item id → when it was last moved or closed. */
  updated: Map<string, string>;
  /** Account id → its open bill, once the first one was closed or given to another account. */
  open: Map<string, string>;
  /** Bill id → when it was closed. */
  closed: Map<string, string>;
  /** Bills that take no new items by default: closed, deleted or given to another account. */
  retired: Set<string>;
}

export const billBook = (world: World, property: Property): BillBook =>
  world.apiStateOf(`connector:bill-book:${property.id}`, () => ({ pinned: new Map(), account: new Map(), updated: new Map(), open: new Map(), closed: new Map(), retired: new Set<string>() }));

/** The bill new items of an account go on. */
export const openBillOf = (world: World, property: Property, accountId: string): string => billBook(world, property).open.get(accountId) ?? billIdOf(world, property, accountId);

interface AccountingItem {
  Id: string;
  AccountId: string;
  BillId?: string | null;
  AccountingState: string;
  UpdatedUtc?: unknown;
  ClosedUtc?: unknown;
}

/** An order item or payment as it stands on its bill: its bill, account, and Closed once the bill is. */
export function billedItem<T extends AccountingItem>(world: World, property: Property, item: T): T {
  const book = billBook(world, property);
  const named = item.BillId && !book.retired.has(item.BillId) ? item.BillId : undefined;
  // A billing automation routes what is neither moved nor posted to another bill than the account's first, unless its bill was closed.
  const free = !book.pinned.has(item.Id) && !book.account.has(item.Id) && (!named || named === billIdOf(world, property, item.AccountId));
  const route = free ? routeOf(world, property, item) : undefined;
  const routed = route && !book.retired.has(route.billId) ? route : undefined;
  const accountId = book.account.get(item.Id) ?? routed?.accountId ?? item.AccountId;
  const billId = book.pinned.get(item.Id) ?? routed?.billId ?? named ?? openBillOf(world, property, accountId);
  const closed = book.closed.get(billId);
  return {
    ...item,
    AccountId: accountId,
    ...(routed && 'AccountType' in item && { AccountType: routed.accountType }),
    BillId: billId,
    UpdatedUtc: book.updated.get(item.Id) ?? item.UpdatedUtc,
    ...(closed && { ClosedUtc: closed, AccountingState: item.AccountingState === 'Open' ? 'Closed' : item.AccountingState }),
  };
}
