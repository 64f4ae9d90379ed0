export * from "./storage-box";
