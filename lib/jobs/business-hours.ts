import type { BusinessHours } from "@jtbd/engine";

// The working week staff SLAs count in (a type's `sla.businessHours`),
// defined once for the whole product. An SLA of 8 business hours requested on
// Friday at 16:00 is breached on Monday at 16:00. Change it here; the
// engine (app-jobs.ts) and the queues' "at risk" marks read it from here.
export const BUSINESS_HOURS: BusinessHours = {
  timeZone: "Europe/London",
  days: [1, 2, 3, 4, 5],
  start: "09:00",
  end: "17:00",
};
