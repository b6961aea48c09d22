// The account API's shapes, from the types generated from the OpenAPI schema.
import type { components } from '@/lib/api-schema';

type Schemas = components['schemas'];

export type Account = Schemas['AccountOutput'];
export type Preferences = Schemas['Preferences'];
export type PreferredPart = Schemas['InstrumentPart'];
