// The TextMarks JSON Schemas, registered with the shared ajv in dependency order: the envelope
// first, since the others $ref it by $id. Import schemas from here, not from the files directly.

import envelope from '../../schemas/textmarks/envelope.schema.json' with { type: 'json' };
import envelopeWrapped from '../../schemas/textmarks/envelope-wrapped.schema.json' with { type: 'json' };
import errorResponse from '../../schemas/textmarks/error-response.schema.json' with { type: 'json' };
import integrationConfigRequest from '../../schemas/textmarks/integration-config-request.schema.json' with {
  type: 'json',
};
import integrationConfigResponse from '../../schemas/textmarks/integration-config-response.schema.json' with {
  type: 'json',
};
import setRequest from '../../schemas/textmarks/set-integration-config-request.schema.json' with {
  type: 'json',
};
import successResponse from '../../schemas/textmarks/success-response.schema.json' with { type: 'json' };
import { compile } from '../../src/validate/json-schema.ts';

export const SCHEMAS = {
  envelope,
  envelopeWrapped,
  successResponse,
  errorResponse,
  integrationConfigResponse,
  setRequest,
  integrationConfigRequest,
} as const;

for (const s of Object.values(SCHEMAS)) compile(s);
