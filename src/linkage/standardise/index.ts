/** Standardisers and identifier validators shared by feed ingestion and the linkage engine. */
export * from './names';
export * from './dates';
export * from './postcode';
export * from './nhs-number';
export * from './upn';
