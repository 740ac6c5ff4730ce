import { z } from 'zod';
import { maxMonths, operation } from '../builder.js';
import { enabledCurrencies, modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { byIds, ids, interval, limitation, RequestBase } from './common.js';

export const getConfiguration = operation('configuration/get', {
  summary: 'The enterprise the AccessToken reaches: address, pricing, environments, currencies.',
  request: RequestBase.extend({ EnterpriseId: z.string().nullish() }).meta({ id: 'ConfigurationGetRequest' }),
  handle({ world, property }) {
    const m = modelOf(world, property);
    return {
      NowUtc: apiTime(world.clock.now()),
      Enterprise: {
        ...m.enterprise,
        Currencies: enabledCurrencies(property).map((c) => ({ Currency: c, IsDefault: c === property.currencyCode, IsEnabled: true })),
        AccountingConfiguration: null,
        IsPortfolio: false,
      },
      PaymentCardStorage: null,
      IsIdentityDocumentNumberRequired: false,
    };
  },
});

export const getAllEnterprises = operation('enterprises/getAll', {
  summary: 'The enterprises in the token scope (one: the token enterprise).',
  request: RequestBase.extend({ EnterpriseIds: ids(), ExternalIdentifiers: ids(), LinkedUtc: interval, UpdatedUtc: interval, Limitation: limitation }).meta({ id: 'EnterprisesGetAllRequest' }),
  collection: 'Enterprises',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('enterprises/getAll', 'UpdatedUtc'));
    const linked = checkInterval('LinkedUtc', body.LinkedUtc, maxMonths('enterprises/getAll', 'LinkedUtc'));
    let items = [{ ...modelOf(world, property).enterprise, LinkedUtc: '2025-01-06T09:00:00Z' }] as unknown as (Record<string, unknown> & { Id: string })[];
    items = byIds(byIds(items, 'Id', body.EnterpriseIds), 'ExternalIdentifier', body.ExternalIdentifiers).filter(
      (e) => inInterval(e.UpdatedUtc as string, updated) && inInterval(e.LinkedUtc as string, linked),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { Enterprises: page, Cursor: cursor };
  },
});
