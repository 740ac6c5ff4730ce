/**
 * Hand-written corrections the schema generator applies to the docs' property tables, each one
 * recorded in docs/fidelity.md. Keys: "file.md#anchor" of a type, or "<path>:request|response".
 */
export interface FieldOverride {
  type?: string;
  required?: boolean;
  maxItems?: number;
  maxLength?: number;
  maxMonths?: number;
}

export const FIELD_OVERRIDES: Record<string, Record<string, FieldOverride>> = {
  // The table says "required string"; an open task has no closing time, and the docs' example shows null.
  'operations/tasks.md#task': { ClosedUtc: { required: false } },
  // Resource category as resources/getAll shows it links the feature classification (SeaView, ...);
  // resource categories are classified StandardDouble, ... (resourcecategories.md, and its examples).
  'operations/resources.md#resource-category': { Classification: { type: '@operations/resourcecategories.md#resource-classification' } },
  // Two mutually exclusive parameter sets (by command ids, or by devices and states): one table of both, each filter optional here and the choice checked by the operation.
  'fiscalMachineCommands/getAll:request': {
    ClientToken: { type: 'string', required: true },
    AccessToken: { type: 'string', required: true },
    Client: { type: 'string', required: true },
    EnterpriseIds: { type: 'array of string', maxItems: 1000 },
    CommandIds: { type: 'array of string', maxItems: 1000 },
    DeviceIds: { type: 'array of string', maxItems: 100 },
    States: { type: 'array of @operations/commands.md#command-state' },
    UpdatedUtc: { type: '@operations/_objects.md#time-interval', maxMonths: 3 },
    Limitation: { type: '@guidelines/pagination.md#limitation', required: true },
  },
  // Typed as a string update value, named and described as a credit rating: the value is one of the company credit ratings.
  'operations/companies.md#credit-rating-update-parameters': { Basic: { type: '@operations/companies.md#credit-rating-basic-update-value' } },
  // The response table repeats the request's, tokens included; the answer carries no tokens.
  'billingAutomations/updateAssignments:response': { ClientToken: { required: false }, AccessToken: { required: false }, Client: { required: false } },
  // Required, yet its deprecated synonym RateId stands in for it when it is absent: the operation requires one of the two.
  'operations/availabilityblocks.md#availability-block-parameters': { TemplateRateId: { required: false } },
};

/** Types the tables describe only in prose: link target → zod expression. */
export const TYPE_OVERRIDES: Record<string, string> = {
  // A link to a misspelt file (_object.md): the update value of _objects.md.
  'operations/_object.md#array-of-strings-update-value': 'z.object({ Value: z.array(z.string()).nullish() })',
  // Described in prose only (keys are strings, values numbers).
  'operations/_objects.md#dictionary-of-numbers': 'z.record(z.string(), z.number())',
  // Linked but not defined; shaped like the other update values.
  'operations/_objects.md#decimal-update-value': 'z.object({ Value: z.number().nullish() })',
  // Linked (deprecated bill and customer fields) but not defined.
  'operations/accountingitems.md#accounting-item': 'z.record(z.string(), z.unknown())',
  // Linked from resourceAccessTokens/add and update but not defined anywhere.
  'operations/reservations.md#resourceaccesstokenparameters': 'z.record(z.string(), z.unknown())',
  'operations/reservations.md#resourceaccesstokenpermissionsparameters': 'z.record(z.string(), z.unknown())',
  'operations/companies.md#credit-rating-basic-update-value': 'z.object({ Value: CreditRatingBasicCompanies().nullish() })',
  // Two sections share the heading (and anchor) "Bill PDF result discriminator": the object and its enum.
  'operations/bills.md#bill-pdf-result-discriminator': "z.object({ Discriminator: z.enum(['BillPdfFile', 'BillPrintEvent']), Value: z.record(z.string(), z.unknown()) })",
};
