export * from "./dns-record";
export * from "./lookups";
