export * from "./storage-box";
export * from "./storage-box-snapshot";
export * from "./storage-box-subaccount";
export * from "./lookups";
