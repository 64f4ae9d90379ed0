export * from "./storage-box-snapshot";
export * from "./storage-box-subaccount";
