// The library API's shapes, from the types generated from the OpenAPI schema.
import type { components, operations } from '@/lib/api-schema';

export type LibraryPage = components['schemas']['LibraryPage'];
export type LibrarySong = components['schemas']['LibrarySong'];
export type LibraryQuery = NonNullable<operations['songs_list']['parameters']['query']>;
export type LibrarySort = NonNullable<LibraryQuery['sort']>;
