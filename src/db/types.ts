// Column types that carry the domain's own values: business dates as Temporal.PlainDate.
import { customType } from 'drizzle-orm/pg-core';
import { Temporal } from 'temporal-polyfill';
import type { BusinessDate } from '../domain/dates.js';

/** A PostgreSQL `date` read and written as a JST business date. */
export const businessDate = customType<{ data: BusinessDate; driverData: string }>({
  dataType: () => 'date',
  toDriver: (value) => value.toString(),
  fromDriver: (value) => Temporal.PlainDate.from(String(value)),
});
