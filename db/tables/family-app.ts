// The family-app tables, added to the DB interface by module augmentation so this feature's
// schema lives beside its migration without editing db/schema.ts.
export {};

declare module '../schema' {
  interface DB {}
}
