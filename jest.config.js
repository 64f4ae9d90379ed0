/** Test files run in parallel workers; every e2e file starts its own emulator and backend. The engine is made once (globalSetup). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
  testMatch: ["**/*.test.ts"],
  globalSetup: "<rootDir>/tests/global-setup.js",
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
};
