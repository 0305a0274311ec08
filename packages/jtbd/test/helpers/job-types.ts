import type { JobTypeDefinition } from "../../src/index.js";

// The package's own registry for its tests: a small plant-care product, so
// nothing of the app's (types, fixtures) leaks into the engine's suite.
export const testJobTypes = [
  {
    key: "garden.water-plant",
    title: "Water the plant",
    targetType: "plant",
    expiresAfterHours: 24,
    reopenWithinHours: 24,
    meta: { room: "kitchen", everyDays: 3 },
  },
  { key: "garden.repot-plant", title: "Repot the plant", targetType: "plant", dueAfterHours: 48 },
  { key: "support.review-photo", title: "Review a photo", targetType: "photo", reopenWithinHours: 72, meta: { queue: "support" } },
] as const satisfies readonly JobTypeDefinition[];
