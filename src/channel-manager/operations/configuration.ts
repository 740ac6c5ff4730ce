import { cmError, CmErrorCode } from '../errors.js';
import { defineOperation } from '../operation.js';
import {
  GetChannelsRequest,
  GetChannelsResponse,
  GetConfigurationRequest,
  GetConfigurationResponse,
  GetPropertiesRequest,
  GetPropertiesResponse,
} from '../schemas.js';
import { buildConfiguration } from './build-configuration.js';


export const getProperties = defineOperation({
  name: 'getProperties',
  summary: 'Properties (and their connection tokens) that an employee email can see.',
  request: GetPropertiesRequest,
  response: GetPropertiesResponse,
  auth: 'client',
  handle({ world, body }) {
    const ids = world.state.employees.get(body.email.trim().toLowerCase());
    if (!ids) {
      throw cmError(CmErrorCode.InvalidAuthentication, `The email '${body.email}' is not a verified employee email of any property connected to this channel manager.`);
    }
    const properties = ids.map((id) => {
      const property = world.state.properties.get(id)!;
      const connections = [...world.state.connections.values()]
        .filter((c) => c.propertyId === id && !c.deleted)
        .map((c) => (c.name ? { token: c.token, name: c.name } : { token: c.token }));
      return connections.length ? { id, name: property.name, connections } : { id, name: property.name };
    });
    return { success: true, properties };
  },
});

export const getConfiguration = defineOperation({
  name: 'getConfiguration',
  summary: "The connection's property, space categories, rate plans and mappings (plus what extent asks for).",
  request: GetConfigurationRequest,
  response: GetConfigurationResponse,
  auth: 'connection',
  handle({ world, body, connection }) {
    return buildConfiguration(world, connection, body.extent ?? {});
  },
});

export const getChannels = defineOperation({
  name: 'getChannels',
  summary: 'Every sales channel with its mapping code (codes have gaps).',
  request: GetChannelsRequest,
  response: GetChannelsResponse,
  auth: 'client',
  handle({ world }) {
    return { success: true, channels: world.state.channels };
  },
});
