import { expect } from '@jest/globals';
import { CM, singleGroup } from './fixtures.js';
import type { Transport } from './transports.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Post = (path: string, body: Record<string, unknown>) => Promise<any>;

/** A Connector call with these tokens that must answer 200 without a message; its body. */
export const succeeding =
  (t: Transport, tokens: Record<string, string>): Post =>
  async (path, body) => {
    const r = await t.post(`/api/connector/v1/${path}`, { ...tokens, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };

/** The interval most filters of the filled world use. */
export const FILLED_TODAY = { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-03-01T00:00:00Z' };

/**
 * Fills a demo world at 2027-01-10 with three of everything the Connector API can create, through
 * `post` (a Connector call that must succeed), and returns the least each getAll operation needs
 * besides Limitation to list what was made.
 */
export async function fillWorld(t: Transport, post: Post): Promise<Record<string, Record<string, unknown>>> {
  const today = FILLED_TODAY;
  const services = (await post('services/getAll', { Limitation: { Count: 10 } })).Services;
  const stay = services[0].Id;
  const categories = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).ResourceCategories;
  const rooms = (await post('resources/getAll', { Extent: { Resources: true }, Limitation: { Count: 3 } })).Resources;
  const { Id: rate, GroupId: rateGroup } = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0];
  const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
  const department = (await post('departments/getAll', { Limitation: { Count: 1 } })).Departments[0].Id;
  const reservationIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: `CM-PAGE-${i}`, messageId: `page-${i}` }));
    const customer = (await post('customers/add', { LastName: `Pager ${i}`, OverwriteExisting: false })).Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-02-01T15:00:00Z', EndUtc: '2027-02-03T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: categories[0].Id, RateId: rate }],
    });
    reservationIds.push(booked.Reservations[0].Reservation.Id);
    await post('resourceBlocks/add', { ResourceBlocks: [{ ResourceId: rooms[i].Id, StartUtc: '2027-02-10T00:00:00Z', EndUtc: '2027-02-12T00:00:00Z', Type: 'OutOfOrder', Name: `Repair ${i}` }] });
    await post('tasks/add', { Name: `Task ${i}`, DepartmentId: department, DeadlineUtc: '2027-01-20T10:00:00Z' });
    await post('restrictions/set', { ServiceId: stay, Data: [{ Type: 'Start', ExactRateId: rate, StartUtc: `2027-0${i + 4}-01T00:00:00Z`, EndUtc: `2027-0${i + 4}-05T00:00:00Z`, Days: { Monday: true, Tuesday: true, Wednesday: true, Thursday: true, Friday: true, Saturday: true, Sunday: true } }] });
    await post('orders/add', { ServiceId: stay, AccountId: customer, Items: [{ Name: `Item ${i}`, UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 5 } }] });
  }
  const customers: string[] = [];
  const company = (await post('companies/getAll', { Limitation: { Count: 1 } })).Companies[0].Id;
  for (let i = 0; i < 3; i++) {
    const customer = (await post('customers/add', { LastName: `Member ${i}`, OverwriteExisting: false })).Id;
    customers.push(customer);
    await post('addresses/add', { Addresses: [{ AccountId: customer, Line1: `${i} High Street`, City: 'London', CountryCode: 'GB' }] });
    await post('accountNotes/add', { AccountNotes: [{ AccountId: customer, Content: `Note ${i}`, Classifications: ['General'] }] });
    const programId = (await post('loyaltyPrograms/add', { LoyaltyPrograms: [{ Name: `Club ${i}`, Code: `CLUB${i}`, Type: 'Hotel', Subscription: 'Free' }] })).LoyaltyPrograms[0].Id;
    await post('loyaltyTiers/add', { LoyaltyTiers: [{ LoyaltyProgramId: programId, Name: 'Gold', Code: `GOLD${i}`, Ordering: 1 }] });
    await post('loyaltyMemberships/add', { LoyaltyMemberships: [{ AccountId: customer, LoyaltyProgramId: programId, IsPrimary: true }] });
    await post('availabilityBlocks/add', { AvailabilityBlocks: [{ ServiceId: stay, TemplateRateId: rate, FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-03T00:00:00Z', State: 'Confirmed', Name: `Block ${i}` }] });
    // Nothing but these operations makes cards, requests, documents and contracts.
    await post('creditCards/addTokenized', { CustomerId: customer, CreditCardData: { StorageData: `pci-${i}`, Expiration: '2030-01' } });
    await post('paymentRequests/add', { PaymentRequests: [{ AccountId: customer, Amount: { Currency: 'GBP', Value: 10 + i }, Type: 'Payment', Reason: 'Prepayment', ExpirationUtc: '2027-02-01T00:00:00Z', Description: `Request ${i}` }] });
    await post('identityDocuments/add', { IdentityDocuments: [{ CustomerId: customer, Type: 'Passport', Number: `P${i}` }] });
    await post('companyContracts/add', { TravelAgencyContracts: [{ ServiceId: stay, CompanyId: company, Options: { IncludeCancellationFeeInCommissionEstimate: false, SkipAutomaticSettlement: false } }] });
  }
  const category = categories[0].Id;
  const threads: string[] = [];
  const vouchers: string[] = [];
  for (let i = 0; i < 3; i++) {
    await post('serviceOrderNotes/add', { ServiceOrderNotes: [{ ServiceOrderId: reservationIds[i], Text: `Late arrival ${i}` }] });
    threads.push((await post('messageThreads/add', { OriginalSender: `guest${i}@example.com`, Subject: `Question ${i}` })).MessageThreads[0].Id);
    await post('messages/add', { Messages: [{ MessageThreadId: threads[0], Text: `Hello ${i}` }] });
    const voucher = (await post('vouchers/add', { VoucherParameters: [{ ServiceId: stay, Name: `Voucher ${i}`, Type: 'Public' }] })).Vouchers[0].Id;
    vouchers.push(voucher);
    await post('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: voucher, Value: `CODE-${i}` }] });
    await post('payments/addExternal', { AccountId: customers[i], Amount: { Currency: 'GBP', GrossValue: 10 + i, TaxCodes: [] }, Type: 'Cash' });
    await post('services/updateAvailability', { ServiceId: stay, AvailabilityUpdates: [{ ResourceCategoryId: category, FirstTimeUnitStartUtc: `2027-04-0${i + 1}T00:00:00Z`, LastTimeUnitStartUtc: `2027-04-0${i + 1}T00:00:00Z`, UnitCountAdjustment: { Value: 1 } }] });
  }
  const outlet = (await post('outlets/getAll', { Limitation: { Count: 1 } })).Outlets[0].Id;
  for (let i = 0; i < 3; i++) {
    await post('outletBills/add', { Bills: [{ OutletId: outlet, Number: `O-${i}`, ClosedUtc: '2027-01-10T07:00:00Z', Items: [{ Name: `Dish ${i}`, UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: 5, TaxCodes: [] }, ConsumedUtc: '2027-01-10T07:00:00Z', Type: 'Revenue' }] }] });
    await post('billingAutomations/add', { BillingAutomations: [{ Name: `Automation ${i}`, CompaniesWithRelations: [{ CompanyId: company, CompanyRelations: { PartnerCompany: true, TravelAgency: false } }], Prepayment: 'All', AssignmentTargetType: 'CompanyAsOwner', TriggerType: 'Continuous', BillAggregationType: 'AggregateAll', Assignments: [{ ServiceId: stay, RoutedItemTypes: { SpaceOrder: true, CityTax: false, AllProducts: false, Deposits: false, AdditionalExpenses: false, AllCustomItems: false } }] }] });
  }
  const printer = (await post('devices/getAll', {})).Devices.find((d: { Type: string }) => d.Type === 'Printer').Id;
  const commands: string[] = [];
  for (let i = 0; i < 3; i++) {
    await post('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: `2027-05-0${i + 1}T23:00:00Z`, LastTimeUnitStartUtc: `2027-05-0${i + 1}T23:00:00Z`, Limit: i + 1 }] });
    const validity = { ValidityStartUtc: '2027-02-01T15:00:00Z', ValidityEndUtc: '2027-02-03T12:00:00Z' };
    await post('resourceAccessTokens/add', { ResourceAccessTokenParameters: [{ ServiceOrderId: reservationIds[i], Type: 'PinCode', Value: `100${i}`, ...validity, Permissions: { Bed: false, Room: true, Floor: false, Building: false } }] });
    commands.push((await post('commands/addPrinter', { PrinterId: printer, Data: 'AA==', CopyCount: 1 })).CommandId);
  }
  const features = (await post('resourceFeatures/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).ResourceFeatures.map((f: { Id: string }) => f.Id);
  const programs = (await post('loyaltyPrograms/getAll', { Limitation: { Count: 10 } })).LoyaltyPrograms.map((p: { Id: string }) => p.Id);
  await t.sim.idle();
  // The least each operation needs besides Limitation.
  return {
    'resourceCategories/getAll': { ServiceIds: [stay] },
    'resources/getAll': { Extent: { Resources: true } },
    'rates/getAll': { ServiceIds: [stay] },
    'rateGroups/getAll': { ServiceIds: [stay] },
    'customers/getAll': { CreatedUtc: today, Extent: { Customers: true } },
    'resourceCategoryAssignments/getAll': { ResourceCategoryIds: categories.map((c: { Id: string }) => c.Id) },
    'products/getAll': { ServiceIds: [stay] },
    'orderItems/getAll': { ServiceIds: [stay] },
    'restrictions/getAll': { ServiceIds: [stay] },
    'tasks/getAll': { CreatedUtc: today },
    'businessSegments/getAll': { ServiceIds: [stay] },
    'addresses/getAll': { AccountIds: customers },
    'accountNotes/getAll': { AccountIds: customers },
    'loyaltyTiers/getAll': { LoyaltyProgramIds: programs },
    'availabilityBlocks/getAll': { CreatedUtc: today, Extent: { AvailabilityBlocks: true } },
    'availabilityAdjustments/getAll': { UpdatedUtc: today },
    'bills/getAll': { CreatedUtc: { StartUtc: '2026-12-01T00:00:00Z', EndUtc: '2027-02-01T00:00:00Z' } },
    'payments/getAll': { CreatedUtc: today },
    'vouchers/getAll': { ServiceIds: [stay], Extent: { Vouchers: true } },
    'serviceOrderNotes/getAll': { ServiceOrderIds: reservationIds },
    'messageThreads/getAll': { CreatedUtc: today },
    'messages/getAll': { MessageThreadIds: threads },
    'outletItems/getAll': { ConsumedUtc: today },
    'creditCards/getAll': { CustomerIds: customers },
    'paymentRequests/getAll': { AccountIds: customers },
    'identityDocuments/getAll': { CustomerIds: customers },
    'companionships/getAll': { ReservationIds: reservationIds, Extent: {} },
    'voucherCodes/getAll': { VoucherIds: vouchers },
    'resourceCategoryImageAssignments/getAll': { ResourceCategoryIds: categories.map((c: { Id: string }) => c.Id) },
    'resourceFeatures/getAll': { ServiceIds: [stay] },
    'resourceFeatureAssignments/getAll': { ResourceFeatureIds: features },
    'serviceOverbookingLimits/getAll': { ServiceIds: [stay] },
    'resourceAccessTokens/getAll': { ServiceOrderIds: reservationIds },
    'commands/getAllByIds': { CommandIds: commands },
    'reservations/getAll': { ServiceIds: [stay], Extent: { Reservations: true } },
    'reservationGroups/getAll': { UpdatedUtc: today },
    'productCategories/getAll': { ServiceIds: [stay] },
    'productServiceOrders/getAll': { ServiceIds: [stay] },
    'cancellationPolicies/getAll': { ServiceIds: [stay], RateGroupIds: [rateGroup] },
    'rules/getAll': { ServiceIds: [stay], Extent: {} },
  };
}
