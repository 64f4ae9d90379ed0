/** Unit and contract tests run in parallel workers; e2e tests share one engine build (globalSetup). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
  testMatch: ["**/*.test.ts"],
  globalSetup: "<rootDir>/tests/global-setup.js",
  testTimeout: 30000,
};
